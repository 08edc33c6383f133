/** Spawns the built `cloverql` binary (packages/cli/bin/cloverql.js) and collects its output. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../packages/cli/bin/cloverql.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  /**
   * Resolves once stdout (or stderr) contains the text; rejects, with what the process printed,
   * if it exits first — so a test waits for an event, never for a guessed amount of time.
   */
  waitFor(text: string | RegExp, stream?: 'stdout' | 'stderr'): Promise<string>;
}

/** Starts the CLI with `args`; the environment has no CLOVER_* unless given, and no history. */
export function startCli(
  args: readonly string[],
  opts: { env?: Record<string, string>; input?: string } = {},
): CliRun {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    CLOVERQL_HISTORY: 'off',
    ...opts.env,
  };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: {
    text: string | RegExp;
    stream: 'stdout' | 'stderr';
    resolve: (s: string) => void;
    reject: (e: Error) => void;
  }[] = [];
  let exited = false;
  const check = () => {
    for (const w of [...waiters]) {
      const hay = w.stream === 'stdout' ? stdout : stderr;
      if (typeof w.text === 'string' ? hay.includes(w.text) : w.text.test(hay)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hay);
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    check();
  });
  if (opts.input !== undefined) child.stdin.end(opts.input);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      exited = true;
      check();
      for (const w of waiters.splice(0)) {
        w.reject(
          new Error(
            `cloverql exited (${code ?? signal}) before printing ${String(w.text)} on ${w.stream}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
          ),
        );
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    waitFor: (text, stream = 'stdout') =>
      new Promise((resolve, reject) => {
        waiters.push({ text, stream, resolve, reject });
        check();
        if (exited) {
          for (const w of waiters.splice(0))
            w.reject(new Error(`cloverql had exited: ${String(w.text)} never came`));
        }
      }),
  };
}

/** Runs the CLI to completion. */
export function runCli(
  args: readonly string[],
  opts: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return startCli(args, opts).done;
}
