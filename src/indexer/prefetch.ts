/**
 * Reads ahead of the consumer: pulls items from a source and maps them (e.g. projects blocks) into
 * a bounded buffer while the consumer awaits I/O (the database), so Node and Postgres work in
 * parallel on a small machine. Order and errors are preserved.
 */
import { yieldToEventLoop } from './time-slices.js';

interface PumpState<U> {
  buffer: U[];
  failure: { error: unknown } | undefined;
  done: boolean;
  stopped: boolean;
  wakeConsumer: (() => void) | undefined;
  wakeProducer: (() => void) | undefined;
}

/** Reads the flag through a call: narrowing must not survive the await before it. */
const isStopped = (state: { stopped: boolean }): boolean => state.stopped;

function wakeConsumer<U>(state: PumpState<U>): void {
  const wake = state.wakeConsumer;
  state.wakeConsumer = undefined;
  wake?.();
}

function wakeProducer<U>(state: PumpState<U>): void {
  const wake = state.wakeProducer;
  state.wakeProducer = undefined;
  wake?.();
}

async function pump<T, U>(
  iterator: AsyncIterator<T>,
  map: (item: T) => U | Promise<U>,
  capacity: number,
  state: PumpState<U>,
): Promise<void> {
  try {
    while (!state.stopped) {
      if (state.buffer.length >= capacity) {
        await new Promise<void>((resolve) => (state.wakeProducer = resolve));
        continue;
      }
      const step = await iterator.next();
      // Re-read: the consumer may have stopped while next() was pending.
      if (step.done === true || isStopped(state)) break;
      state.buffer.push(await map(step.value));
      wakeConsumer(state);
      // A source that answers at once (blocks already buffered) would keep this loop in
      // microtasks, starving I/O: the consumer's database replies would wait until the buffer
      // is full, and Node and Postgres would take turns instead of overlapping.
      await yieldToEventLoop();
    }
  } catch (error) {
    state.failure = { error };
  } finally {
    state.done = true;
    wakeConsumer(state);
  }
}

/**
 * Yields `map(item)` for each item of `source`, computing up to `capacity` items ahead; an async
 * `map` (one that yields inside an item) runs one item at a time.
 */
export async function* prefetch<T, U>(
  source: AsyncIterable<T>,
  map: (item: T) => U | Promise<U>,
  capacity: number,
): AsyncGenerator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const state: PumpState<U> = {
    buffer: [],
    failure: undefined,
    done: false,
    stopped: false,
    wakeConsumer: undefined,
    wakeProducer: undefined,
  };
  void pump(iterator, map, capacity, state);
  try {
    for (;;) {
      if (state.buffer.length > 0) {
        const [item] = state.buffer.splice(0, 1) as [U];
        wakeProducer(state);
        yield item;
        continue;
      }
      if (state.failure !== undefined) throw state.failure.error;
      if (state.done) return;
      await new Promise<void>((resolve) => (state.wakeConsumer = resolve));
    }
  } finally {
    state.stopped = true;
    wakeProducer(state);
    // The source may be blocked waiting for a block that never comes: do not wait for the pump.
    void iterator.return?.().catch(() => undefined);
  }
}
