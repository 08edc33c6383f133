/** What one webhook POST came to. */
export type PostOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string };

/** Sends one webhook POST; never throws. */
export type PostWebhook = (request: {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}) => Promise<PostOutcome>;

/**
 * POSTs JSON with the platform's `fetch`, abandoned after `timeoutMs`. The mock's one outgoing
 * HTTP call; failures come back as data, never as a throw, so a dead URL cannot crash the mock.
 */
export const postWebhook: PostWebhook = async ({ url, headers, body, timeoutMs }) => {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300
      ? { ok: true, status: res.status }
      : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string } };
    const error =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (e.cause?.code ?? e.message ?? 'request failed');
    return { ok: false, status: null, error };
  }
};
