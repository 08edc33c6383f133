/**
 * The shape of the conformance suite: a case names one rule (a sentence of a seed document, or of
 * docs/mock-server.md) and checks it through a {@link ConformanceClient}, which hides whether requests go
 * through supertest in-process or over a real socket. Each runner opens a fresh mock per case.
 */
import type { MockAppOptions, MockHandle } from '@cloverql/mock-server';

/** A response, whichever way it travelled. Header names are lower case. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body. */
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly body: unknown;
}

/** Per-request options. */
export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a case talks to: one fresh mock, reached through one transport. */
export interface ConformanceClient {
  /** Which transport this is, for failure messages. */
  readonly transport: string;
  /** `GET path` (path and query, no origin). */
  get(path: string, options?: RequestOptions): Promise<Reply>;
  /** `POST path` with `body` as JSON. */
  post(path: string, body: unknown, options?: RequestOptions): Promise<Reply>;
  /** The mock's control handle: virtual clock, ground-truth store, faults, counters. */
  readonly mock: MockHandle;
}

/** One rule, checked against a fresh mock built from `setup`. */
export interface ConformanceCase {
  /** The sentence checked, quoted (or closely paraphrased) from its source. */
  readonly rule: string;
  /** The mock the case runs against. */
  readonly setup: MockAppOptions;
  run(client: ConformanceClient): Promise<void>;
}

/** A table of cases under a heading (one per source document). */
export interface CaseTable {
  readonly title: string;
  readonly cases: readonly ConformanceCase[];
}
