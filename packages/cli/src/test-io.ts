/** Test helper: an in-memory `CliIo` whose output can be read back. Not shipped (test-* files). */
import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from './io.js';

export interface FakeIo extends CliIo {
  readonly stdin: PassThrough;
  out(): string;
  err(): string;
  /** Fires the registered Ctrl-C handlers. */
  interrupt(): void;
}

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

export function fakeIo(
  opts: { env?: Record<string, string | undefined>; now?: number; interactive?: boolean } = {},
): FakeIo {
  const stdout = new Collector();
  const stderr = new Collector();
  const handlers = new Set<() => void>();
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { CLOVERQL_HISTORY: 'off', ...opts.env },
    stderrIsTTY: false,
    interactive: opts.interactive ?? false,
    now: () => opts.now ?? Date.now(),
    onInterrupt: (h) => {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    out: () => stdout.text,
    err: () => stderr.text,
    interrupt: () => {
      for (const h of [...handlers]) h();
    },
  };
}
