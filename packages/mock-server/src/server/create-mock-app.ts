import type { Express } from 'express';
import { createMockCore } from '../core/mock-core.js';
import { type MockHandle, mockHandle } from '../core/mock-handle.js';
import { buildApp } from '../http/build-app.js';
import type { MockAppOptions } from '../options/mock-options.js';
import { resolveOptions } from '../options/resolve-options.js';
import { type MockEnvironment, SYSTEM_ENVIRONMENT } from '../system/environment.js';

/** The express app of a mock, with its control handle as `app.mock`. */
export type MockApp = Express & { readonly mock: MockHandle };

/**
 * Builds the mock Clover server as an express app, for supertest or your own listener. Throws
 * `MockError('INVALID_OPTIONS')` for bad options. Data is generated before it returns.
 *
 * @example
 * const app = createMockApp({ seed: 42, clock: { start: Date.UTC(2024, 5, 1), frozen: true } });
 * await request(app).get('/v3/merchants/MERCHANT00001/orders').set('Authorization', 'Bearer test-token');
 * app.mock.clock.advance(60_000);
 */
export function createMockApp(
  options: MockAppOptions = {},
  env: MockEnvironment = SYSTEM_ENVIRONMENT,
): MockApp {
  const core = createMockCore(resolveOptions(options, env.wallNow), env);
  const app = Object.assign(buildApp(core), { mock: mockHandle(core) });
  // Registering the webhook URL sends Clover's verification POST; changes are sent from now on.
  core.webhooks?.start();
  return app;
}
