import type { Readable, Writable } from 'node:stream';

/**
 * Everything the CLI touches of the outside world, passed in so tests can run commands
 * in-process with fake streams and environment.
 */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly stderrIsTTY: boolean;
  /** Whether stdin/stdout are a terminal (the REPL's line editing). */
  readonly interactive: boolean;
  /** The instant "now" for compiling queries (real time in production). */
  readonly now: () => number;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    now: () => Date.now(),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Writes one line to a stream. */
export function println(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
