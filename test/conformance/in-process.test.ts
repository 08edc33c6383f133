/**
 * The conformance tables in-process: supertest against the express app of `createMockApp`.
 */
import { createRequire } from 'node:module';
import { createMockApp } from '@cloverql/mock-server';
import type { Reply, RequestOptions } from './conformance-case.js';
import { runCases } from './run-cases.js';

/** The part of supertest's API used here. */
interface SuperResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}
interface SuperTest extends PromiseLike<SuperResponse> {
  set(fields: Record<string, string>): SuperTest;
  send(body: string): SuperTest;
}
type SuperTestFactory = (app: unknown) => {
  get(path: string): SuperTest;
  post(path: string): SuperTest;
};

// supertest is a dev dependency of @cloverql/mock-server, not of the workspace root; resolve it
// from there.
const request = createRequire(new URL('../../packages/mock-server/package.json', import.meta.url))(
  'supertest',
) as SuperTestFactory;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const reply = (res: SuperResponse): Reply => ({
  status: res.status,
  headers: res.headers,
  text: res.text ?? '',
  body: parse(res.text ?? ''),
});

runCases('supertest (in-process)', async (setup, env) => {
  const app = createMockApp(setup, env);
  const headers = (options: RequestOptions | undefined) => ({ ...options?.headers });
  return {
    transport: 'supertest',
    mock: app.mock,
    get: async (path, options) => reply(await request(app).get(path).set(headers(options))),
    post: async (path, body, options) =>
      reply(
        await request(app)
          .post(path)
          .set({ 'Content-Type': 'application/json', ...headers(options) })
          .send(JSON.stringify(body)),
      ),
    close: async () => {},
  };
});
