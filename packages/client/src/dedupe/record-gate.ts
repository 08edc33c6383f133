/**
 * The gate every record passes before it reaches the caller: de-duplication by id and the
 * residual predicate.
 *
 * - Within one REST request (window) the server's order is stable, so a record that paging shows
 *   twice reappears within a page; the gate remembers the last two pages of ids of each window
 *   (`RecentIds`), not the whole window. An export window remembers all its ids, because a
 *   re-created export (its files expired) yields its objects again from the start.
 * - Across requests, duplicates are possible only when several requests cover the same time
 *   (more than one stream) or when the time field can change under the run (`modifiedTime`).
 *   For an immutable time field an id set per overlap group suffices (see `groups.ts`), dropped
 *   when the group completes, and none at all when the group's requests are provably disjoint
 *   (orders' `state IS NULL` twins, see `disjoint.ts`); for a mutable one a run-wide set is kept.
 *   So a plan without `or` streams on `createdTime` holds at most two pages of ids per window in
 *   flight: memory does not grow with the result when the caller consumes records as they come.
 */
import { compileMatcher, type Plan, resourceSpec } from '@cloverql/dsl';
import type { RequestGroup } from '../schedule/groups.js';
import { pairwiseDisjoint } from './disjoint.js';
import { RecentIds } from './recent-ids.js';

/** A record as the client yields it. */
export type ClientRecord = Record<string, unknown> & { id: string };

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
  const field = resourceSpec(plan.resource).fields.find((f) => f.name === plan.timeField);
  if (field?.immutable !== true) {
    return plan.requests.length > 1 ? 'run' : 'window';
  }
  return groups.some((g) => needsSharedSet(plan, g)) ? 'group' : 'window';
}

/** Whether the requests of an overlap group can return the same record. */
function needsSharedSet(plan: Plan, g: RequestGroup): boolean {
  if (g.requests.length < 2) return false;
  const spec = resourceSpec(plan.resource);
  return !pairwiseDisjoint(
    g.requests.map((r) => plan.requests[r]!),
    spec,
  );
}

/** The ids a window remembers: two pages for REST, everything for an export. */
interface WindowIds {
  readonly size: number;
  has(id: string): boolean;
  /** Returns how the number of ids held changed. */
  add(id: string): number;
}

function allIds(): WindowIds {
  const set = new Set<string>();
  return {
    get size() {
      return set.size;
    },
    has: (id) => set.has(id),
    add: (id) => {
      if (set.has(id)) return 0;
      set.add(id);
      return 1;
    },
  };
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
  private readonly windowIds = new Map<number, WindowIds>();
  private readonly shareGroup: boolean[];
  private readonly newWindowIds: () => WindowIds;
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
    this.shareGroup = groups.map((g) => needsSharedSet(plan, g));
    this.runIds = this.scope === 'run' ? new Set() : null;
    this.newWindowIds = plan.kind === 'export' ? allIds : () => new RecentIds(2 * plan.pageSize);
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
      seen = this.newWindowIds();
      this.windowIds.set(request, seen);
    }
    const window = seen;
    const shared = this.sharedSet(request);
    const matcher = this.matcher;
    return (record) => {
      const id = record.id;
      if (window.has(id)) return false;
      this.count(window.add(id));
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
    if (g === undefined || (this.sizes[g] ?? 0) < 2 || !this.shareGroup[g]) return null;
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
