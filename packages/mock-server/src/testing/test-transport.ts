import request from 'supertest';
import type { MockApp } from '../server/create-mock-app.js';

/** A response, whichever way it travelled. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly body: unknown;
}

/** Sends requests to a mock: in-process with supertest or over a real socket with fetch. */
export interface Transport {
  readonly name: string;
  get(path: string, headers?: Readonly<Record<string, string>>): Promise<TestResponse>;
  post(
    path: string,
    body: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<TestResponse>;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** supertest against the express app (in-process). */
export function supertestTransport(app: MockApp): Transport {
  const wrap = (res: request.Response): TestResponse => ({
    status: res.status,
    headers: res.headers as Record<string, string>,
    text: res.text,
    body: parse(res.text),
  });
  return {
    name: 'supertest',
    get: async (path, headers = {}) => wrap(await request(app).get(path).set(headers)),
    post: async (path, body, headers = {}) =>
      wrap(
        await request(app)
          .post(path)
          .set(headers)
          .send(body as object),
      ),
  };
}

/** fetch against a listening server (a real socket on 127.0.0.1). */
export function fetchTransport(baseUrl: string): Transport {
  const send = async (path: string, init: RequestInit): Promise<TestResponse> => {
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      text,
      body: parse(text),
    };
  };
  return {
    name: 'real listener',
    get: (path, headers = {}) => send(path, { headers: { ...headers } }),
    post: (path, body, headers = {}) =>
      send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
  };
}
