/**
 * Benchmark servers run in child processes of their own, so that a server and the client that
 * measures it never share an event loop or a heap. A child prints one JSON line once it is ready
 * (at least its `url`); `startChild` resolves with that line.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A started child and what it reported on its first line. */
export interface StartedChild<R> {
  readonly child: ChildProcess;
  readonly report: R;
  /** Ends the child and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` and waits for its readiness line.
 *
 * @example
 * const mock = await startChild<{ url: string }>({ args: ['--import', 'tsx', script], env: {} });
 */
export function startChild<R>(o: {
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: Record<string, string>;
}): Promise<StartedChild<R>> {
  const child = spawn(process.execPath, [...o.args], {
    ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const early = (code: number | null) =>
      reject(new Error(`bench child exited before it was ready (${code})`));
    child.once('error', reject);
    child.once('exit', early);
    child.stdout?.on('data', function onData(chunk: Buffer) {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.off('exit', early);
      child.stdout?.off('data', onData);
      // Keep draining so a chatty child never blocks on a full pipe.
      child.stdout?.resume();
      resolve({ child, report: JSON.parse(out.slice(0, nl)) as R, stop });
    });
  });
}
