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

/** The REPL's prompt, as drawn at the start of a line. */
export const PROMPT = 'cloverql> ';

export interface ScreenRun {
  /** Every line of the screen and its scrollback, trailing blanks trimmed. */
  lines(): string[];
  /**
   * Like `lines()`, but a line the terminal wrapped because it was wider than the screen is one
   * entry again, as the program wrote it.
   */
  logicalLines(): string[];
  /** Screen rows the terminal wrapped onto a new row because the line was too wide. */
  wrappedRows(): string[];
  /** `lines()` joined with newlines. */
  text(): string;
  /** The last line that starts with the REPL prompt (what is being typed), if any. */
  promptLine(): string | undefined;
  /** Types keys into the terminal (`\r` is Enter, `\t` is Tab, `\x03` is Ctrl-C). */
  type(keys: string): void;
  /**
   * Resolves once the rendered screen matches, with the screen text; rejects after
   * {@link SCREEN_WAIT_MS} with the screen as it was, so a failure shows what the user saw.
   */
  waitFor(
    what: string | RegExp | ((lines: string[]) => boolean),
    whatFor?: string,
  ): Promise<string>;
  /**
   * Resolves once the REPL has drawn a fresh, empty prompt on the last line after `after` (a
   * line of output) — that is, the prompt came back after that output.
   */
  waitForPrompt(after: string | RegExp, whatFor?: string): Promise<string>;
  /**
   * Resolves with the exit code once the program has exited and its output is rendered; a
   * program killed by a signal gets 128 + the signal's number, as in a shell.
   */
  readonly exited: Promise<number>;
  /** Like `exited`, but rejects with the screen if the program is still running after the wait. */
  waitForExit(): Promise<number>;
  /** Kills the program if it still runs (for cleanup after a failed test). */
  kill(): void;
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
  let exitCode: number | undefined;
  // Rendering is asynchronous in xterm: a check runs once the chunk is parsed.
  child.onData((data) => term.write(data, () => runEach(checks)));
  const exited = new Promise<number>((resolve) => {
    // node-pty reports a death by signal as exit code 0 with the signal: count it as a shell
    // does (128 + signal), so a program killed by Ctrl-C never passes for one that exited 0.
    child.onExit(({ exitCode: status, signal }) =>
      term.write('', () => {
        const code = signal ? 128 + signal : status;
        exitCode = code;
        // Waiters still unmatched now never will be: they fail at once with the final screen.
        runEach(checks);
        resolve(code);
      }),
    );
  });
  const screenRows = () => {
    const buf = term.buffer.active;
    const out: { text: string; wrapped: boolean }[] = [];
    for (let i = 0; i < buf.length; i++) {
      const line = buf.getLine(i);
      out.push({ text: line?.translateToString(true) ?? '', wrapped: line?.isWrapped ?? false });
    }
    while (out.length > 0 && out[out.length - 1]?.text === '') out.pop();
    return out;
  };
  const lines = () => screenRows().map((r) => r.text);
  const logicalLines = () => {
    const out: string[] = [];
    for (const r of screenRows()) {
      if (r.wrapped && out.length > 0) out[out.length - 1] += r.text;
      else out.push(r.text);
    }
    return out;
  };
  const text = () => lines().join('\n');
  const waitFor: ScreenRun['waitFor'] = (what, whatFor) =>
    new Promise((resolve, reject) => {
      const matches = () => {
        if (typeof what === 'function') return what(lines());
        const t = text();
        return typeof what === 'string' ? t.includes(what) : what.test(t);
      };
      const fail = (why: string) => {
        clearTimeout(timer);
        checks.delete(check);
        reject(
          new Error(
            `the screen never showed ${whatFor ?? String(what)} ${why}; it shows:\n${text()}`,
          ),
        );
      };
      const timer = setTimeout(() => fail(`within ${SCREEN_WAIT_MS} ms`), SCREEN_WAIT_MS);
      const check = () => {
        if (matches()) {
          clearTimeout(timer);
          checks.delete(check);
          resolve(text());
        } else if (exitCode !== undefined) {
          fail(`before the program exited with ${exitCode}`);
        }
      };
      checks.add(check);
      check();
    });
  return {
    lines,
    logicalLines,
    wrappedRows: () =>
      screenRows()
        .filter((r) => r.wrapped)
        .map((r) => r.text),
    text,
    promptLine: () => lines().findLast((l) => l.startsWith(PROMPT)),
    type: (keys) => child.write(keys),
    exited,
    waitFor,
    waitForPrompt: (after, whatFor) =>
      waitFor(
        (ls) => {
          const last = ls.length - 1;
          if (ls[last] !== PROMPT) return false;
          const seen = ls.findLastIndex((l) =>
            typeof after === 'string' ? l.includes(after) : after.test(l),
          );
          return seen >= 0 && seen < last;
        },
        whatFor ?? `${String(after)} and then a fresh prompt`,
      ),
    waitForExit: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `the program did not exit within ${SCREEN_WAIT_MS} ms; the screen shows:\n${text()}`,
              ),
            ),
          SCREEN_WAIT_MS,
        );
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    kill: () => {
      if (exitCode === undefined) child.kill();
    },
  };
}

function runEach(checks: Set<() => void>): void {
  for (const c of [...checks]) c();
}
