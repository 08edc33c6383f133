import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockHandle } from '../core/mock-handle.js';
import { MOCK_DEFAULTS } from '../options/defaults.js';
import type { MockServerOptions } from '../options/mock-options.js';
import { type MockEnvironment, SYSTEM_ENVIRONMENT } from '../system/environment.js';
import { createMockApp, type MockApp } from './create-mock-app.js';

/** A listening mock. */
export interface MockServer extends MockHandle {
  /** Base URL, e.g. `http://127.0.0.1:49152`. */
  readonly url: string;
  readonly port: number;
  readonly app: MockApp;
  /** Stops listening, closes every open connection and stops sending webhooks. */
  close(): Promise<void>;
}

/**
 * Starts the mock Clover server on `host:port` (default `127.0.0.1`, any free port).
 *
 * @example
 * const mock = await startMockServer({ seed: 42, merchants: [{ id: 'MERCHANT00001', token: 'secret', orders: 500 }] });
 * await fetch(`${mock.url}/v3/merchants/MERCHANT00001/orders`, { headers: { Authorization: 'Bearer secret' } });
 * await mock.close();
 */
export async function startMockServer(
  options: MockServerOptions = {},
  env: MockEnvironment = SYSTEM_ENVIRONMENT,
): Promise<MockServer> {
  const app = createMockApp(options, env);
  const server = createServer(app);
  const host = options.host ?? MOCK_DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? MOCK_DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...app.mock,
    url: `http://${urlHost}:${port}`,
    port,
    app,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await app.mock.webhooks?.close();
      await closed;
    },
  };
}
