/**
 * The gate every record passes before it reaches the caller: de-duplication by id and the
 * residual predicate.
 *
 * - Within one request (window) an id set always catches records that paging shows twice; it is
 *   dropped when the window completes.
 * - Across requests, duplicates are possible only when several requests cover the same time
 *   (more than one stream) or when the time field can change under the run (`modifiedTime`).
 *   For an immutable time field an id set per overlap group suffices (see `groups.ts`) and is
 *   dropped when the group completes; for a mutable one a run-wide set is kept. A single-stream
 *   plan on `createdTime` therefore holds no id set beyond the current windows, and memory does
 *   not grow with the result when the caller consumes records as they come.
 */
import { compileMatcher, type Plan } from '@cloverql/dsl';
import type { RequestGroup } from '../schedule/groups.js';

/** A record as the client yields it. */
export type ClientRecord = Record<string, unknown> & { id: string };

/** Time fields whose value never changes once a record exists. */
const IMMUTABLE_TIME_FIELDS = new Set(['createdTime', 'clientCreatedTime']);

/** How far de-duplication reaches across requests. */
export type DedupeScope = 'window' | 'group' | 'run';

/** Id-set figures, for tests and benchmarks. */
export interface DedupeStats {
  readonly scope: DedupeScope;
  /** Whether a run-wide id set is kept. */
  readonly runWide: boolean;
  /** Ids held right now, over all sets. */
  readonly idsHeld: number;
  /** The most ids held at once. */
  readonly peakIdsHeld: number;
}

/** The scope a plan needs (see the module comment). */
export function dedupeScope(plan: Plan, groups: readonly RequestGroup[]): DedupeScope {
  if (!IMMUTABLE_TIME_FIELDS.has(plan.timeField)) {
    return plan.requests.length > 1 ? 'run' : 'window';
  }
  return groups.some((g) => g.requests.length > 1) ? 'group' : 'window';
}

/**
 * @example
 * const gate = new RecordGate(plan, groups);
 * const pass = gate.open(requestIndex);
 * const kept = page.filter(pass);
 * gate.close(requestIndex);
 */
export class RecordGate {
  readonly scope: DedupeScope;
  private readonly matcher: ((r: unknown) => boolean) | null;
  private readonly groupOf: number[] = [];
  private readonly pending: number[];
  private readonly sizes: number[];
  private readonly groupIds = new Map<number, Set<string>>();
  private runIds: Set<string> | null;
  private readonly windowIds = new Map<number, Set<string>>();
  private held = 0;
  private peak = 0;

  constructor(plan: Plan, groups: readonly RequestGroup[]) {
    this.scope = dedupeScope(plan, groups);
    const m = plan.residual ? compileMatcher(plan.residual, plan.resource) : null;
    this.matcher = m ? (r) => m(r) === true : null;
    groups.forEach((g, gi) => {
      for (const r of g.requests) this.groupOf[r] = gi;
    });
    this.pending = groups.map((g) => g.requests.length);
    this.sizes = [...this.pending];
    this.runIds = this.scope === 'run' ? new Set() : null;
  }

  /** Figures about the id sets. */
  stats(): DedupeStats {
    return {
      scope: this.scope,
      runWide: this.runIds !== null,
      idsHeld: this.held,
      peakIdsHeld: this.peak,
    };
  }

  /**
   * Starts a request (window) and returns its filter: true for a record to yield. Opening a
   * request again (an export re-created after its files expired) keeps its id set, so nothing is
   * yielded twice.
   */
  open(request: number): (record: ClientRecord) => boolean {
    let seen = this.windowIds.get(request);
    if (!seen) {
      seen = new Set();
      this.windowIds.set(request, seen);
    }
    const window = seen;
    const shared = this.sharedSet(request);
    const matcher = this.matcher;
    return (record) => {
      const id = record.id;
      if (window.has(id)) return false;
      window.add(id);
      this.count(1);
      if (matcher && !matcher(record)) return false;
      if (shared) {
        if (shared.has(id)) return false;
        shared.add(id);
        this.count(1);
      }
      return true;
    };
  }

  /** Ends a request: its id set goes, and its group's set when the group is complete. */
  close(request: number): void {
    const window = this.windowIds.get(request);
    if (window) {
      this.count(-window.size);
      this.windowIds.delete(request);
    }
    const g = this.groupOf[request];
    if (g === undefined) return;
    this.pending[g] = (this.pending[g] ?? 1) - 1;
    if (this.pending[g] === 0) {
      const set = this.groupIds.get(g);
      if (set) this.count(-set.size);
      this.groupIds.delete(g);
    }
  }

  private sharedSet(request: number): Set<string> | null {
    if (this.runIds) return this.runIds;
    if (this.scope !== 'group') return null;
    const g = this.groupOf[request];
    if (g === undefined || (this.sizes[g] ?? 0) < 2) return null;
    let set = this.groupIds.get(g);
    if (!set) {
      set = new Set();
      this.groupIds.set(g, set);
    }
    return set;
  }

  private count(n: number): void {
    this.held += n;
    if (this.held > this.peak) this.peak = this.held;
  }
}
