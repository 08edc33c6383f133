/**
 * `node dsl-code-cache.mjs <dsl.cjs>`: writes `<dsl.cjs>.cache`, V8's code cache of the bundled
 * compiler taken after compiling and explaining a few queries the way the CLI does, so the cache
 * holds the functions those runs compiled too (see src/cached-script.ts).
 */
import { writeFileSync } from 'node:fs';
import * as catalogue from '@cloverql/dsl/catalogue';
import { loadCachedScript } from '../dist/cached-script.js';

const file = process.argv[2];
const loaded = loadCachedScript({
  file,
  cacheFile: `${file}.cache-none`,
  modules: { '@cloverql/dsl/catalogue': catalogue },
});
const dsl = loaded.exports;
const now = Date.UTC(2026, 0, 7, 12);
for (const q of [
  'payments where createdTime >= 2024-01-01 and amount > $10',
  "orders where createdTime >= today - 30d and (state = 'open' or total > $100) order by createdTime desc limit 20",
]) {
  const plan = dsl.compile(q, { now });
  dsl.explain(plan);
  dsl.toCurl(plan, { baseUrl: '$CLOVER_BASE_URL', merchantId: '$CLOVER_MERCHANT_ID' });
}
// A typing error, as a person makes them: the recovering parser and the diagnostics.
dsl.tryCompile('payments where amount >', { now });
writeFileSync(`${file}.cache`, loaded.createCachedData());
