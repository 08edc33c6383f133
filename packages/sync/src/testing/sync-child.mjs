/**
 * A sync in a child process, for the crash tests: `node sync-child.mjs <mockUrl> <token>
 * <merchant> <db> <now>`. Runs the built package (the root `pnpm test` builds first) so that it
 * starts fast, and tells the parent over IPC after every commit, so the parent can SIGKILL it
 * between two commits or in the middle of the next transaction.
 */
import { sync } from '../../dist/index.js';

const [baseUrl, token, merchantId, db, now] = process.argv.slice(2);
await sync({
  client: { baseUrl, token, merchantId, rateLimit: 0 },
  db,
  since: 'today - 400d',
  now: Number(now),
  batchSize: 25,
  onCommit: () => process.send?.('commit'),
});
