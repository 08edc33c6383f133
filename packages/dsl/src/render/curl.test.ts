import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { toCurl } from './curl.js';

const NOW = Date.UTC(2024, 5, 1);
const OPTS = { baseUrl: 'https://apisandbox.dev.clover.com', merchantId: 'MID123' };

/**
 * The arguments curl would get if `line` were pasted into bash with `env` set: bash itself
 * parses the line, with `curl` replaced by a function that prints its arguments (NUL-separated).
 */
function shellWords(line: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }; ${line}`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('toCurl', () => {
  it('writes one GET per request with every query parameter url-encoded by curl', () => {
    const plan = compile('payments where createdTime >= 2024-05-25 and amount > 5', { now: NOW });
    const [cmd, ...rest] = toCurl(plan, OPTS);
    expect(rest).toEqual([]);
    expect(cmd).toBe(
      'curl -sS -G "https://apisandbox.dev.clover.com/v3/merchants/MID123/payments" ' +
        "--data-urlencode 'filter=createdTime>=1716595200000' --data-urlencode 'filter=createdTime<=1717200000000' " +
        "--data-urlencode 'filter=amount>5' --data-urlencode 'limit=1000' " +
        '-H "Authorization: Bearer ${CLOVER_TOKEN}"',
    );
  });

  it('quotes single quotes in parameters for the shell', () => {
    const plan = compile(
      "payments where createdTime >= 2024-05-25 and result in ('FAIL', 'AUTH') and externalPaymentId = 'it''s'",
      { now: NOW },
    );
    const words = shellWords(toCurl(plan, OPTS)[0]!);
    expect(words).toContain("filter=result in ('FAIL','AUTH')");
    expect(words).toContain("filter=externalPaymentId=it's");
  });

  it('reads the token from the environment instead of printing it', () => {
    const plan = compile('refunds', { now: NOW });
    const words = shellWords(toCurl(plan, OPTS)[0]!);
    expect(toCurl(plan, OPTS)[0]).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(words.slice(-2)).toEqual(['-H', 'Authorization: Bearer ']);
    const pasted = shellWords(toCurl(plan, OPTS)[0]!, { CLOVER_TOKEN: 'secret' });
    expect(pasted.slice(-2)).toEqual(['-H', 'Authorization: Bearer secret']);
  });

  it('prints a given token as is, quoted for the shell (the embedded mock)', () => {
    const plan = compile('refunds', { now: NOW });
    const words = shellWords(toCurl(plan, { ...OPTS, token: "mock-'token'$x" })[0]!);
    expect(words.slice(-2)).toEqual(['-H', "Authorization: Bearer mock-'token'$x"]);
  });

  it('leaves variable references to the shell: pasted with the env set, it is the real URL', () => {
    const plan = compile('payments where createdTime >= 2024-05-25', { now: NOW });
    const cmd = toCurl(plan, {
      baseUrl: '$CLOVER_BASE_URL',
      merchantId: '$CLOVER_MERCHANT_ID',
    })[0]!;
    expect(cmd).not.toContain('%24');
    const words = shellWords(cmd, {
      CLOVER_BASE_URL: 'http://127.0.0.1:8080',
      CLOVER_MERCHANT_ID: 'MERCHANT00001',
      CLOVER_TOKEN: 'tok',
    });
    expect(words[2]).toBe('http://127.0.0.1:8080/v3/merchants/MERCHANT00001/payments');
    expect(words.at(-1)).toBe('Authorization: Bearer tok');
  });

  it('writes exports as POST with a JSON body', () => {
    const plan = compile('export orders where createdTime >= 2024-05-25', { now: NOW });
    const cmd = toCurl(plan, OPTS)[0]!;
    expect(cmd).toBe(
      'curl -sS -X POST "https://apisandbox.dev.clover.com/v3/merchants/MID123/exports" ' +
        '-H "Authorization: Bearer ${CLOVER_TOKEN}" -H \'Content-Type: application/json\' ' +
        '--data \'{"type":"ORDERS","startTime":1716595200000,"endTime":1717200000000}\'',
    );
    expect(JSON.parse(shellWords(cmd).at(-1)!)).toEqual({
      type: 'ORDERS',
      startTime: 1716595200000,
      endTime: 1717200000000,
    });
  });

  it('encodes the merchant id into the path and quotes it for the shell', () => {
    const plan = compile('refunds', { now: NOW });
    const words = shellWords(toCurl(plan, { ...OPTS, merchantId: "M I/D'$" })[0]!);
    expect(words[2]).toBe("https://apisandbox.dev.clover.com/v3/merchants/M%20I%2FD'%24/refunds");
  });

  it('drops trailing slashes of the base URL and quotes it', () => {
    const plan = compile('refunds', { now: NOW });
    expect(shellWords(toCurl(plan, { ...OPTS, baseUrl: 'http://localhost:8080///' })[0]!)[2]).toBe(
      'http://localhost:8080/v3/merchants/MID123/refunds',
    );
    expect(shellWords(toCurl(plan, { ...OPTS, baseUrl: "http://x/a'b/" })[0]!)[2]).toBe(
      "http://x/a'b/v3/merchants/MID123/refunds",
    );
  });

  it('writes one command per request, windows and streams included', () => {
    const plan = compile('orders where createdTime >= 2024-01-01', { now: NOW });
    expect(toCurl(plan, OPTS)).toHaveLength(plan.requests.length);
    expect(plan.requests).toHaveLength(4);
  });

  it('writes nothing for a plan without requests', () => {
    expect(toCurl(compile('payments where createdTime > 2024-07-01', { now: NOW }), OPTS)).toEqual(
      [],
    );
  });
});
