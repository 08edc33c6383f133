/** What a run yields, by the plan's type. */
import type { RecordOf, ResourceName } from '@cloverql/dsl';
import type { ClientRecord } from '../dedupe/record-gate.js';

/**
 * The type of what `run` yields for a `Plan<R>`: the resource's record type (`Payment`, `Order`,
 * `Refund`) when `compile` could tell the resource from the query text and the query yields
 * whole records; otherwise a plain `ClientRecord` (including plans with `select` or `aggregate`,
 * which `compile` leaves untyped).
 *
 * @example type P = RunRecord<'payments'>; // Payment
 */
export type RunRecord<R extends ResourceName> = ResourceName extends R ? ClientRecord : RecordOf<R>;
