/**
 * The code under test: a toy "sync my orders" job, as an app would write it. It pulls every order
 * created since `since` through the Clover REST API (paging by 100) into a local store, retrying a
 * page once on a 5xx or 429, and says how many it wrote.
 */

/** Where the job keeps orders: id → the order as Clover returned it. */
export type OrderStore = Map<string, { readonly id: string; readonly [field: string]: unknown }>;

export interface SyncOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly merchantId: string;
  /** UTC ms: orders created at or after it are synced. */
  readonly since: number;
  readonly store: OrderStore;
}

const PAGE = 100;

async function getPage(url: string, token: string): Promise<{ elements: { id: string }[] }> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (res.ok) return (await res.json()) as { elements: { id: string }[] };
    const retryable = res.status >= 500 || res.status === 429;
    if (!retryable || attempt === 2) throw new Error(`Clover answered ${res.status} for ${url}`);
  }
}

/** Syncs orders created since `since`; returns how many were written. */
export async function syncOrders(o: SyncOptions): Promise<number> {
  let written = 0;
  for (let offset = 0; ; offset += PAGE) {
    const filter = encodeURIComponent(`createdTime>=${o.since}`);
    const url = `${o.baseUrl}/v3/merchants/${o.merchantId}/orders?filter=${filter}&limit=${PAGE}&offset=${offset}`;
    const { elements } = await getPage(url, o.token);
    for (const order of elements) {
      o.store.set(order.id, order);
      written++;
    }
    if (elements.length < PAGE) return written;
  }
}
