import { HOUR_MS } from '@cloverql/dsl';
import { deriveSeed } from '../random/hash.js';
import { Prng } from '../random/prng.js';

/** How busy a living merchant is: events per virtual day of each kind (all default 0). */
export interface MerchantActivity {
  readonly ordersPerDay: number;
  readonly paymentsPerDay: number;
  readonly refundsPerDay: number;
  readonly updatesPerDay: number;
  readonly deletesPerDay: number;
}

/** The kinds of activity, in the order events at the same instant are applied. */
export const ACTIVITY_KINDS = ['order', 'payment', 'refund', 'update', 'delete'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const RATE_OF: Readonly<Record<ActivityKind, keyof MerchantActivity>> = {
  order: 'ordersPerDay',
  payment: 'paymentsPerDay',
  refund: 'refundsPerDay',
  update: 'updatesPerDay',
  delete: 'deletesPerDay',
};

/** Events are drawn per slot of virtual time; a slot's events depend on nothing else. */
export const ACTIVITY_SLOT_MS = HOUR_MS;

/** One thing a living merchant does at a virtual instant. */
export interface ActivityEvent {
  readonly kind: ActivityKind;
  /** Virtual UTC ms. */
  readonly at: number;
  /** The seed of everything random about this event (which record, which values). */
  readonly seed: number;
}

/** Whether any rate is above zero. */
export function isActive(activity: MerchantActivity | undefined): activity is MerchantActivity {
  return activity !== undefined && ACTIVITY_KINDS.some((k) => activity[RATE_OF[k]] > 0);
}

/** A Poisson draw (Knuth's method, in chunks so large means do not underflow). */
function poisson(rng: Prng, mean: number): number {
  let n = 0;
  let left = mean;
  while (left > 0) {
    const step = Math.min(left, 500);
    left -= step;
    const limit = Math.exp(-step);
    let p = rng.next();
    while (p > limit) {
      n++;
      p *= rng.next();
    }
  }
  return n;
}

/**
 * The events of one merchant with `from < at <= to`, in the order they apply: by instant, then
 * kind, then draw. Each fixed slot of {@link ACTIVITY_SLOT_MS} draws its events from the seed,
 * the merchant and the slot alone, so the events of an interval do not depend on how it is cut:
 * `eventsIn(a, c)` is `eventsIn(a, b)` followed by `eventsIn(b, c)`.
 *
 * @example eventsIn({ seed: 1, merchantId: 'M', activity }, { from: t, to: t + DAY_MS })
 */
export function eventsIn(
  source: {
    readonly seed: number;
    readonly merchantId: string;
    readonly activity: MerchantActivity;
  },
  range: { readonly from: number; readonly to: number },
): ActivityEvent[] {
  const { from, to } = range;
  const out: (ActivityEvent & { order: number })[] = [];
  if (!(to > from)) return out;
  const first = Math.floor(from / ACTIVITY_SLOT_MS);
  const last = Math.floor(to / ACTIVITY_SLOT_MS);
  for (let slot = first; slot <= last; slot++) {
    const start = slot * ACTIVITY_SLOT_MS;
    for (const [k, kind] of ACTIVITY_KINDS.entries()) {
      const perDay = source.activity[RATE_OF[kind]];
      if (!(perDay > 0)) continue;
      const rng = new Prng(
        deriveSeed(source.seed, source.merchantId, 'activity', kind, String(slot)),
      );
      const n = poisson(rng, (perDay * ACTIVITY_SLOT_MS) / 86_400_000);
      for (let i = 0; i < n; i++) {
        const at = start + Math.floor(rng.next() * ACTIVITY_SLOT_MS);
        const seed = rng.nextU32();
        if (at > from && at <= to) out.push({ kind, at, seed, order: k * 1_000_000 + i });
      }
    }
  }
  out.sort((a, b) => a.at - b.at || a.order - b.order);
  return out.map(({ kind, at, seed }) => ({ kind, at, seed }));
}
