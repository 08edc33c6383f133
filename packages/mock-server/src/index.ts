/**
 * @cloverql/mock-server — an express server that behaves like the Clover REST and Export APIs:
 * seeded data, filters and the 90-day clamp, paging, auth, rate limits, exports on a virtual
 * clock, an admin API and deterministic fault injection.
 *
 * @example
 * import { startMockServer } from '@cloverql/mock-server';
 * const mock = await startMockServer({ seed: 42, region: 'us' });
 * // ... point a client at mock.url with token 'test-token' and merchant 'MERCHANT00001'
 * await mock.close();
 */

export type { MerchantActivity } from './activity/activity-events.js';
export {
  ChangeFeed,
  type ChangeListener,
  type ChangeType,
  type MockChange,
} from './changes/change-feed.js';
export { clampRange, type TimeRange } from './clamp/clamp.js';
export { VirtualClock, type VirtualClockOptions } from './clock/virtual-clock.js';
export type {
  MockClock,
  MockCounters,
  MockFaults,
  MockHandle,
} from './core/mock-handle.js';
export type { CounterSnapshot } from './counters/request-counters.js';
export { isMockError, MockError, type MockErrorCode } from './errors/mock-error.js';
export { STATUS_BY_CODE } from './errors/status-table.js';
export type { FaultConfig } from './faults/fault-config.js';
export type { FaultCounts } from './faults/fault-injector.js';
export { MOCK_DEFAULTS } from './options/defaults.js';
export type {
  ClockOptions,
  FaultOptions,
  LimitOptions,
  MerchantOptions,
  MockAppOptions,
  MockRegion,
  MockServerOptions,
  TimeInput,
} from './options/mock-options.js';
export type {
  ResolvedLimits,
  ResolvedMerchant,
  ResolvedOptions,
} from './options/resolve-options.js';
export { createMockApp, type MockApp } from './server/create-mock-app.js';
export { type MockServer, startMockServer } from './server/start-mock-server.js';
export { type LineItemInput, type LineItemRecord, MockStore } from './store/mock-store.js';
export type { MockRecord } from './store/resource-table.js';
export type { Bound } from './store/time-index.js';
export { type MockEnvironment, SYSTEM_ENVIRONMENT } from './system/environment.js';
