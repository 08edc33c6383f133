/**
 * Where a run's records come from, in the order the plan asks for:
 *
 * - no `orderBy`: every request through one task pool, records as they arrive;
 * - `orderBy` on the plan's time field: overlap groups one after another in that direction,
 *   each buffered and sorted on its own (server tie order does not matter), so the caller can
 *   stop at `limit` after the first groups and memory holds one group. When the server sorts
 *   too (each request's `orderBy` is the time field in that direction), a window stops paging once it holds the
 *   `limit` records still needed and has read past the time of the last of them;
 * - `orderBy` on another field: everything, sorted at the end (memory grows with the result;
 *   with a `limit` only the best `limit` records are kept). Windows are then read with the plan's
 *   full page size even when the plan lowered a request's `limit` param to the query's limit,
 *   because every record of every window has to be read anyway.
 */
import { fieldPath, type Plan, readPath } from '@cloverql/dsl';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { readExport } from '../export/read-export.js';
import { recordComparator } from '../order/compare.js';
import { readPages } from '../paging/read-pages.js';
import type { RequestGroup } from '../schedule/groups.js';
import { taskPool } from '../schedule/task-pool.js';
import type { RunContext } from './run-context.js';

type Batch = ClientRecord[];

/** How a REST window is read. */
interface WindowReading {
  readonly emit: (records: Batch) => Promise<void>;
  readonly signal: AbortSignal;
  /** Overrides the request's page size. */
  readonly pageSize?: number | undefined;
  /** Stop once this many records passed the gate (no `orderBy`: any `limit` records will do). */
  readonly cap?: number | undefined;
  /** Stop once this many records passed the gate and the server's order has moved past them. */
  readonly enough?:
    | { readonly count: number; readonly path: string; readonly direction: 'asc' | 'desc' }
    | undefined;
}

/** Reads one REST request (window) page by page. */
async function readRestWindow(ctx: RunContext, index: number, io: WindowReading): Promise<void> {
  const pass = ctx.gate.open(index);
  const enough = io.enough;
  let kept = 0;
  let cut: number | undefined;
  for await (const page of readPages(ctx, index, io)) {
    const out = page.filter(pass);
    if (enough && cut === undefined && kept + out.length >= enough.count) {
      const t = readPath(out[enough.count - kept - 1], enough.path);
      cut = typeof t === 'number' ? t : undefined;
    }
    kept += out.length;
    if (out.length) await io.emit(out);
    if (io.cap !== undefined && kept >= io.cap) break;
    if (enough && cut !== undefined && page.length) {
      const last = readPath(page.at(-1), enough.path);
      if (typeof last === 'number' && (enough.direction === 'desc' ? last < cut : last > cut))
        break;
    }
  }
  ctx.gate.close(index);
  ctx.progress.windowDone();
}

function pool(
  ctx: RunContext,
  tasks: readonly number[],
  reading: {
    signal: AbortSignal;
    pageSize?: number;
    cap?: number;
    enough?: WindowReading['enough'];
  },
): AsyncGenerator<Batch> {
  const isExport = ctx.plan.kind === 'export';
  // Exports run one at a time (Clover: "wait for each export to finish before you start another").
  const concurrency = isExport ? 1 : ctx.options.concurrency;
  return taskPool<Batch>({
    tasks,
    concurrency,
    capacity: Math.max(2, concurrency * 2),
    signal: reading.signal,
    work: (task, emit, signal) =>
      isExport
        ? readExport(ctx, task, { emit, signal })
        : readRestWindow(ctx, task, { ...reading, emit, signal }),
  });
}

/** Whether every request asks the server to sort by the time field in `direction`. */
function serverSorted(plan: Plan, direction: 'asc' | 'desc'): boolean {
  return plan.requests.every(
    (r) =>
      r.kind === 'rest' && r.orderBy?.field === plan.timeField && r.orderBy.direction === direction,
  );
}

/**
 * The batches of records of a run, in the plan's order (before `limit`).
 *
 * @example for await (const batch of recordSource(ctx, groups, signal)) ...
 */
export async function* recordSource(
  ctx: RunContext,
  groups: readonly RequestGroup[],
  signal: AbortSignal,
): AsyncGenerator<Batch> {
  const { plan } = ctx;
  const order = plan.orderBy;
  const all = groups.flatMap((g) => g.requests);
  if (!order) {
    // Without an order any `limit` records will do, so no window reads past them.
    yield* pool(ctx, all, { signal, ...(plan.limit !== null ? { cap: plan.limit } : {}) });
    return;
  }
  const compare = recordComparator({ resource: plan.resource, ...order });
  const limit = plan.limit ?? Number.POSITIVE_INFINITY;
  if (order.field === plan.timeField) {
    const sequence = order.direction === 'asc' ? groups : [...groups].reverse();
    const sorted =
      plan.kind === 'rest' && Number.isFinite(limit) && serverSorted(plan, order.direction);
    const path = fieldPath(plan.resource, plan.timeField);
    let emitted = 0;
    for (const g of sequence) {
      const enough = sorted
        ? { count: limit - emitted, path, direction: order.direction }
        : undefined;
      const buffer: Batch = [];
      for await (const batch of pool(ctx, g.requests, { signal, enough })) {
        for (const r of batch) buffer.push(r);
      }
      buffer.sort(compare);
      if (buffer.length > limit - emitted) buffer.length = limit - emitted;
      emitted += buffer.length;
      if (buffer.length) yield buffer;
      if (emitted >= limit) return;
    }
    return;
  }
  const best = new TopRecords(compare, limit);
  for await (const batch of pool(ctx, all, { signal, pageSize: plan.pageSize })) {
    for (const r of batch) best.add(r);
  }
  const result = best.sorted();
  if (result.length) yield result;
}

/**
 * The first `limit` records by `compare`, keeping at most about `2 × limit` in memory (sorting
 * and cutting whenever the buffer doubles), or all of them without a limit.
 */
export class TopRecords {
  private buffer: ClientRecord[] = [];

  constructor(
    private readonly compare: (a: ClientRecord, b: ClientRecord) => number,
    private readonly limit: number,
  ) {}

  add(r: ClientRecord): void {
    this.buffer.push(r);
    if (Number.isFinite(this.limit) && this.buffer.length >= 2 * Math.max(this.limit, 512))
      this.cut();
  }

  sorted(): ClientRecord[] {
    this.cut();
    return this.buffer;
  }

  private cut(): void {
    this.buffer.sort(this.compare);
    if (this.buffer.length > this.limit) this.buffer.length = this.limit;
  }
}
