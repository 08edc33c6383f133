/** The `cloverql` executable (bin/cloverql.js imports this). */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; if a stray handle still holds the loop, do not hang the shell.
setTimeout(() => process.exit(code), 2000).unref();
