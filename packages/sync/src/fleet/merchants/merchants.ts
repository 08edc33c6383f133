/**
 * The fleet's merchants: who to sync, where, with which token (stored encrypted, never returned
 * by {@link listMerchants}).
 */
import { REGION_BASE_URLS } from '@cloverql/dsl';
import { type Kysely, sql } from 'kysely';
import { FleetError } from '../fleet-error.js';
import { decryptToken, encryptToken } from '../secrets/token-cipher.js';

/** A Clover region, as `run`'s `region` option takes it. */
export type Region = keyof typeof REGION_BASE_URLS;

/** A merchant as listed: no token. */
export interface FleetMerchant {
  readonly merchantId: string;
  readonly region: Region | null;
  readonly baseUrl: string | null;
  readonly addedAt: string;
}

/** A merchant with its token, for a worker. */
export interface MerchantCredentials extends FleetMerchant {
  readonly token: string;
}

// biome-ignore lint/suspicious/noExplicitAny: raw SQL over the fleet's tables.
type Db = Kysely<any>;

/** Checks a merchant to add; returns what is wrong, or null. */
export function merchantProblem(m: {
  merchantId: string;
  token: string;
  region?: string | undefined;
  baseUrl?: string | undefined;
}): string | null {
  if (!/^[A-Za-z0-9]{1,64}$/.test(m.merchantId))
    return `--merchant-id must be letters and digits (Clover's are 13), got ${JSON.stringify(m.merchantId)}`;
  if (!m.token.trim()) return '--token must not be empty';
  if (m.region !== undefined && !Object.hasOwn(REGION_BASE_URLS, m.region))
    return `--region must be one of ${Object.keys(REGION_BASE_URLS).join(', ')}`;
  if (
    m.baseUrl !== undefined &&
    !(URL.canParse(m.baseUrl) && /^https?:$/.test(new URL(m.baseUrl).protocol))
  )
    return '--base-url must be an absolute http(s) URL';
  return null;
}

/**
 * Adds a merchant, or replaces its token, region and base URL when it is already in the fleet.
 *
 * @returns whether it was added or updated.
 * @example await addMerchant(db, { merchantId: 'M', token: 't' }, key)
 */
export async function addMerchant(
  db: Db,
  m: {
    merchantId: string;
    token: string;
    region?: Region | undefined;
    baseUrl?: string | undefined;
  },
  key: Buffer,
): Promise<'added' | 'updated'> {
  const problem = merchantProblem(m);
  if (problem) throw new FleetError('INVALID_OPTIONS', problem);
  const enc = encryptToken(m.token, key, m.merchantId);
  const r = await sql<{ inserted: boolean }>`
    insert into merchants (merchant_id, region, base_url, token_enc)
    values (${m.merchantId}, ${m.region ?? null}, ${m.baseUrl ?? null}, ${enc})
    on conflict (merchant_id) do update
      set region = excluded.region, base_url = excluded.base_url, token_enc = excluded.token_enc
    returning (xmax = 0) as inserted`.execute(db);
  return r.rows[0]?.inserted ? 'added' : 'updated';
}

/**
 * Removes a merchant from the fleet (its synced rows stay).
 *
 * @throws FleetError UNKNOWN_MERCHANT when it is not in the fleet.
 */
export async function removeMerchant(db: Db, merchantId: string): Promise<void> {
  const r = await sql`delete from merchants where merchant_id = ${merchantId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) {
    throw new FleetError('UNKNOWN_MERCHANT', `merchant ${merchantId} is not in the fleet`);
  }
}

interface Row {
  merchant_id: string;
  region: Region | null;
  base_url: string | null;
  added_at: Date;
  token_enc: string;
}

const listed = (r: Row): FleetMerchant => ({
  merchantId: r.merchant_id,
  region: r.region,
  baseUrl: r.base_url,
  addedAt: r.added_at.toISOString(),
});

/** The fleet's merchants, by id, without tokens. */
export async function listMerchants(db: Db): Promise<FleetMerchant[]> {
  const r = await sql<Row>`select merchant_id, region, base_url, added_at, '' as token_enc
    from merchants order by merchant_id`.execute(db);
  return r.rows.map(listed);
}

/**
 * One merchant with its token decrypted.
 *
 * @throws FleetError UNKNOWN_MERCHANT, or DECRYPT under another key.
 */
export async function loadMerchant(
  db: Db,
  merchantId: string,
  key: Buffer,
): Promise<MerchantCredentials> {
  const r = await sql<Row>`select merchant_id, region, base_url, added_at, token_enc
    from merchants where merchant_id = ${merchantId}`.execute(db);
  const row = r.rows[0];
  if (!row) throw new FleetError('UNKNOWN_MERCHANT', `merchant ${merchantId} is not in the fleet`);
  return { ...listed(row), token: decryptToken(row.token_enc, key, merchantId) };
}
