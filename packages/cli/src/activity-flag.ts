import { ConfigError, parseNumber } from './config.js';

/** The names `--activity` accepts and the option each sets (rates per virtual day). */
const ACTIVITY_NAMES = {
  orders: 'ordersPerDay',
  payments: 'paymentsPerDay',
  refunds: 'refundsPerDay',
  updates: 'updatesPerDay',
  deletes: 'deletesPerDay',
} as const;

type ActivityName = keyof typeof ACTIVITY_NAMES;
export type ActivityRates = Partial<Record<(typeof ACTIVITY_NAMES)[ActivityName], number>>;

/**
 * Parses `--activity orders=200,updates=50,deletes=5`: comma-separated `name=rate` pairs, the
 * rates per virtual day, names among orders, payments, refunds, updates, deletes, each at most
 * once. Throws ConfigError (exit 2) naming the problem.
 *
 * @example parseActivity('orders=200,deletes=5') // { ordersPerDay: 200, deletesPerDay: 5 }
 */
export function parseActivity(text: string): ActivityRates {
  const names = Object.keys(ACTIVITY_NAMES).join(', ');
  const out: Record<string, number> = {};
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) {
    throw new ConfigError(
      `--activity needs name=rate pairs such as orders=200,updates=50 (${names})`,
    );
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!(name in ACTIVITY_NAMES)) {
      throw new ConfigError(`--activity: unknown name '${name}' (use ${names})`);
    }
    if (eq < 0)
      throw new ConfigError(`--activity: '${name}' needs a rate per day, e.g. ${name}=100`);
    const key = ACTIVITY_NAMES[name as ActivityName];
    if (key in out) throw new ConfigError(`--activity: '${name}' is given twice`);
    out[key] = parseNumber(part.slice(eq + 1), {
      flag: `--activity ${name}`,
      min: 0,
      max: 1_000_000,
    });
  }
  return out;
}
