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
