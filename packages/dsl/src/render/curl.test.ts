import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { toCurl } from './curl.js';

const NOW = Date.UTC(2024, 5, 1);
const OPTS = { baseUrl: 'https://apisandbox.dev.clover.com', merchantId: 'MID123' };

/** Splits a command line as a POSIX shell would, for single quotes and backslashes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + line[++i];
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

describe('toCurl', () => {
  it('writes one GET per request with every query parameter url-encoded by curl', () => {
    const plan = compile('payments where createdTime >= 2024-05-25 and amount > 5', { now: NOW });
    const [cmd, ...rest] = toCurl(plan, OPTS);
    expect(rest).toEqual([]);
    expect(cmd).toBe(
      "curl -sS -G 'https://apisandbox.dev.clover.com/v3/merchants/MID123/payments' " +
        "--data-urlencode 'filter=createdTime>=1716595200000' --data-urlencode 'filter=createdTime<=1717200000000' " +
        "--data-urlencode 'filter=amount>5' --data-urlencode 'limit=1000' " +
        '-H "Authorization: Bearer $CLOVER_TOKEN"',
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
    expect(words.slice(-2)).toEqual(['-H', 'Authorization: Bearer $CLOVER_TOKEN']);
  });

  it('writes exports as POST with a JSON body', () => {
    const plan = compile('export orders where createdTime >= 2024-05-25', { now: NOW });
    const cmd = toCurl(plan, OPTS)[0]!;
    expect(cmd).toBe(
      "curl -sS -X POST 'https://apisandbox.dev.clover.com/v3/merchants/MID123/exports' " +
        '-H "Authorization: Bearer $CLOVER_TOKEN" -H \'Content-Type: application/json\' ' +
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
    expect(words[3]).toBe("https://apisandbox.dev.clover.com/v3/merchants/M%20I%2FD'%24/refunds");
  });

  it('drops trailing slashes of the base URL and quotes it', () => {
    const plan = compile('refunds', { now: NOW });
    expect(shellWords(toCurl(plan, { ...OPTS, baseUrl: 'http://localhost:8080///' })[0]!)[3]).toBe(
      'http://localhost:8080/v3/merchants/MID123/refunds',
    );
    expect(shellWords(toCurl(plan, { ...OPTS, baseUrl: "http://x/a'b/" })[0]!)[3]).toBe(
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
