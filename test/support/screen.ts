/**
 * What a person at a terminal sees: the built `cloverql` runs in a real pseudo-terminal
 * (node-pty) and its output is rendered by a terminal emulator (xterm headless), so tests assert
 * on the final screen — cursor moves, line erasing and redraws included — not on the bytes of a
 * pipe.
 */
import { spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { BIN } from '../cli/run-cli.js';

/** Longest wait for something to appear on the screen before the test fails with the screen. */
const SCREEN_WAIT_MS = 25_000;

export interface ScreenRun {
  /** Every line of the screen and its scrollback, trailing blanks trimmed. */
  lines(): string[];
  /** `lines()` joined with newlines. */
  text(): string;
  /** Types keys into the terminal (`\r` is Enter, `\t` is Tab, `\x03` is Ctrl-C). */
  type(keys: string): void;
  /**
   * Resolves once the rendered screen matches, with the screen text; rejects after
   * {@link SCREEN_WAIT_MS} with the screen as it was, so a failure shows what the user saw.
   */
  waitFor(what: string | RegExp, whatFor?: string): Promise<string>;
  /** Resolves with the exit code once the program has exited and its output is rendered. */
  readonly exited: Promise<number>;
}

/** Starts `cloverql args…` in a pseudo-terminal of `cols` × `rows`. */
export function startScreen(
  args: readonly string[],
  opts: { env?: Record<string, string>; cols?: number; rows?: number } = {},
): ScreenRun {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 30;
  const term = new xterm.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TERM: 'xterm-256color',
    CLOVERQL_HISTORY: 'off',
    ...opts.env,
  };
  const child = spawn(process.execPath, [BIN, ...args], {
    cols,
    rows,
    env,
    name: 'xterm-256color',
  });
  const checks = new Set<() => void>();
  // Rendering is asynchronous in xterm: a check runs once the chunk is parsed.
  child.onData((data) => term.write(data, () => runEach(checks)));
  const exited = new Promise<number>((resolve) => {
    child.onExit(({ exitCode }) => term.write('', () => resolve(exitCode)));
  });
  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buf.length; i++) out.push(buf.getLine(i)?.translateToString(true) ?? '');
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out;
  };
  const text = () => lines().join('\n');
  return {
    lines,
    text,
    type: (keys) => child.write(keys),
    exited,
    waitFor: (what, whatFor) =>
      new Promise((resolve, reject) => {
        const matches = () => {
          const t = text();
          return typeof what === 'string' ? t.includes(what) : what.test(t);
        };
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(
            new Error(
              `the screen never showed ${whatFor ?? String(what)} within ${SCREEN_WAIT_MS} ms; it shows:\n${text()}`,
            ),
          );
        }, SCREEN_WAIT_MS);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          checks.delete(check);
          resolve(text());
        };
        checks.add(check);
        check();
      }),
  };
}

function runEach(checks: Set<() => void>): void {
  for (const c of [...checks]) c();
}
