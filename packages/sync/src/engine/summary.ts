/**
 * What `sync` returns and `onProgress` receives: plain data, printed by the CLI as text or JSON.
 */
import type { ResourceName } from '@cloverql/dsl';

/** What a run did to one resource. */
export interface ResourceSummary {
  /** `backfill` on the first run(s) until history is read, then `incremental`. */
  readonly mode: 'backfill' | 'incremental' | 'backfill+incremental';
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Windows read and committed. */
  windows: number;
  requests: number;
  retries: number;
  /** The watermark after the run (UTC ms), null while the backfill is unfinished. */
  watermark: number | null;
}

/** What a run did. */
export interface SyncSummary {
  readonly merchantId: string;
  /** The destination, without a password. */
  readonly destination: string;
  /** `ok`, or `aborted` when the signal stopped it (at a commit boundary). */
  status: 'ok' | 'aborted';
  readonly resources: Partial<Record<ResourceName, ResourceSummary>>;
  requests: number;
  retries: number;
  /** Duration on the run's clock, in ms. */
  durationMs: number;
}

/** A snapshot of a run in progress. */
export interface SyncProgress {
  readonly resource: ResourceName;
  readonly phase: 'backfill' | 'incremental' | 'deletes' | 'reconcile';
  readonly windowsDone: number;
  readonly windowsTotal: number;
  /** Records read so far in this run (all resources). */
  readonly records: number;
  readonly requests: number;
  readonly retries: number;
}
