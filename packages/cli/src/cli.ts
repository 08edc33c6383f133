/** The `cloverql` executable (bin/cloverql.js imports this). */
import { main } from './main.js';

// A reader that stops early (`cloverql query … | head -1`) closes the pipe: that is normal, not a
// failure, so stop at once, quietly and with exit 0, as most Unix tools do. This listener is
// registered before anything writes, so it runs before any other reaction to the error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; if a stray handle still holds the loop, do not hang the shell.
setTimeout(() => process.exit(code), 2000).unref();
