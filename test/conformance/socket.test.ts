/**
 * The conformance tables over a real socket: node's fetch against `startMockServer` listening on
 * 127.0.0.1, any free port.
 */
import { startMockServer } from '@cloverql/mock-server';
import type { Reply, RequestOptions } from './conformance-case.js';
import { runCases } from './run-cases.js';

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

runCases('a real socket (fetch on 127.0.0.1)', async (setup, env) => {
  const server = await startMockServer({ ...setup, host: '127.0.0.1', port: 0 }, env);
  const send = async (path: string, init: RequestInit): Promise<Reply> => {
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      text,
      body: parse(text),
    };
  };
  const headers = (options: RequestOptions | undefined) => ({ ...options?.headers });
  return {
    transport: 'socket',
    mock: server.app.mock,
    get: (path, options) => send(path, { headers: headers(options) }),
    post: (path, body, options) =>
      send(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers(options) },
        body: JSON.stringify(body),
      }),
    close: () => server.close(),
  };
});
