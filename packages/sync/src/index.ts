/**
 * @cloverql/sync — keeps an incremental, crash-safe copy of a Clover merchant's orders, payments
 * and refunds in SQLite or PostgreSQL.
 *
 * @example
 * import { sync } from '@cloverql/sync';
 * const summary = await sync({ client: { token, merchantId }, db: 'sqlite:./clover.db' });
 */
export {
  type Destination,
  type DestinationSpec,
  openDestination,
  parseDestination,
  redact,
} from './destination/destination.js';
export { canonicalJson } from './engine/canonical-json.js';
export { parseSince } from './engine/since.js';
export type { ResourceSummary, SyncProgress, SyncSummary } from './engine/summary.js';
export {
  cursorField,
  SYNC_DEFAULTS,
  type SyncCommit,
  type SyncOptions,
  sync,
  syncInto,
} from './engine/sync.js';
export {
  isSyncError,
  SYNC_ERROR_CODES,
  SyncError,
  type SyncErrorCode,
} from './errors/sync-error.js';
// The fleet: many merchants, many workers, one PostgreSQL (docs/fleet.md).
export {
  fleetAdd,
  fleetList,
  fleetRemove,
  fleetRunOnce,
  fleetSchedule,
  fleetStatus,
  type RunOnceProgress,
  type RunOnceResult,
} from './fleet/fleet.js';
export { FLEET_DB_ENV, fleetDbUrl } from './fleet/fleet-db.js';
export {
  FLEET_ERROR_CODES,
  FleetError,
  type FleetErrorCode,
  isFleetError,
} from './fleet/fleet-error.js';
export {
  CLOVER_FLEET_LIMITS,
  type FleetLimits,
  type ScopeLimits,
  scopeLimits,
} from './fleet/limiter/decide.js';
export { type PgLimiterOptions, pgLimiter } from './fleet/limiter/pg-limiter.js';
export { type FleetMerchant, merchantProblem, type Region } from './fleet/merchants/merchants.js';
export { DEFAULT_MAX_ATTEMPTS, parseEvery } from './fleet/runs/enqueue.js';
export type { FleetStatus, MerchantStatus } from './fleet/runs/status.js';
export { FLEET_KEY_ENV, parseFleetKey } from './fleet/secrets/token-cipher.js';
export {
  type FleetWorker,
  type FleetWorkerEvent,
  type FleetWorkerOptions,
  startFleetWorker,
} from './fleet/worker/fleet-worker.js';
export {
  BASE_COLUMNS,
  type ColumnSpec,
  type Dialect,
  resourceColumns,
  snakeCase,
  sqlType,
} from './schema/columns.js';
export { migrateToLatest, STATE_TABLE } from './schema/migrations.js';
export { type ResourceState, readAllStates, readState } from './state/state.js';
export { type ResourceStatus, readStatus } from './state/status.js';
