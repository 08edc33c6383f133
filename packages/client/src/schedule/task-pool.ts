/**
 * Runs numbered tasks with bounded concurrency and streams what they emit through a bounded
 * channel. The first failure stops the other tasks and ends the stream with that failure; a
 * consumer that stops early (break, limit reached) stops the tasks too, and the generator
 * returns only once every task has settled, so nothing runs on after the caller is done.
 */
import { Channel } from './channel.js';

/** Options of {@link taskPool}. */
export interface TaskPoolOptions<T> {
  /** Task numbers, in the order they are started. */
  readonly tasks: readonly number[];
  /** Tasks running at once. */
  readonly concurrency: number;
  /** Items buffered between the tasks and the consumer. */
  readonly capacity: number;
  /** Stops everything when it aborts. */
  readonly signal: AbortSignal;
  /** Runs one task; `emit` waits while the consumer is behind. */
  readonly work: (
    task: number,
    emit: (item: T) => Promise<void>,
    signal: AbortSignal,
  ) => Promise<void>;
}

/** The reason tasks are stopped with when the consumer ends early. */
export class ConsumerStopped extends Error {
  override readonly name = 'ConsumerStopped';
}

/**
 * @example
 * for await (const page of taskPool({ tasks: [0, 1, 2], concurrency: 2, capacity: 4, signal, work })) use(page);
 */
export async function* taskPool<T>(options: TaskPoolOptions<T>): AsyncGenerator<T> {
  const { tasks, work } = options;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal.reason);
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const channel = new Channel<T>(options.capacity);
  const emit = (item: T) => channel.push(item, signal);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      signal.throwIfAborted();
      await work(tasks[next++]!, emit, signal);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency, tasks.length) }, () =>
    worker().catch((err: unknown) => {
      // The first failure wins; the others are usually the abort it caused.
      channel.fail(err);
      if (!signal.aborted) controller.abort(err);
    }),
  );
  void Promise.all(workers).then(() => channel.close());
  try {
    yield* channel;
  } finally {
    if (!signal.aborted) controller.abort(new ConsumerStopped('the consumer stopped reading'));
    await Promise.all(workers);
    options.signal.removeEventListener('abort', onAbort);
  }
}
