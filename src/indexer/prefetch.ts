/**
 * Reads ahead of the consumer: pulls items from a source and maps them (e.g. projects blocks) into
 * a bounded buffer while the consumer awaits I/O (the database), so Node and Postgres work in
 * parallel on a small machine. Order and errors are preserved.
 */
import { yieldToEventLoop } from './time-slices.js';

/** How far ahead: at most `items`, and, when `weight` is given, at most `max` of weight. */
export interface PrefetchCapacity<U> {
  items: number;
  weight?: { of: (item: U) => number; max: number };
}

interface PumpState<U> {
  buffer: U[];
  /** Summed weight of the buffered items (0 without a weight). */
  weight: number;
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

/** Whether the buffer holds as much as allowed (one item is always allowed, however heavy). */
function full<U>(state: PumpState<U>, capacity: PrefetchCapacity<U>): boolean {
  if (state.buffer.length === 0) return false;
  return (
    state.buffer.length >= capacity.items ||
    (capacity.weight !== undefined && state.weight >= capacity.weight.max)
  );
}

async function pump<T, U>(
  iterator: AsyncIterator<T>,
  map: (item: T) => U | Promise<U>,
  capacity: PrefetchCapacity<U>,
  state: PumpState<U>,
): Promise<void> {
  try {
    while (!state.stopped) {
      if (full(state, capacity)) {
        await new Promise<void>((resolve) => (state.wakeProducer = resolve));
        continue;
      }
      const step = await iterator.next();
      // Re-read: the consumer may have stopped while next() was pending.
      if (step.done === true || isStopped(state)) break;
      const mapped = await map(step.value);
      state.buffer.push(mapped);
      state.weight += capacity.weight?.of(mapped) ?? 0;
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
 * Yields `map(item)` for each item of `source`, computing up to `capacity` items ahead (a number,
 * or items and a weight such as bytes); an async `map` (one that yields inside an item) runs one
 * item at a time.
 */
export async function* prefetch<T, U>(
  source: AsyncIterable<T>,
  map: (item: T) => U | Promise<U>,
  capacity: number | PrefetchCapacity<U>,
): AsyncGenerator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const limits = typeof capacity === 'number' ? { items: capacity } : capacity;
  const state: PumpState<U> = {
    buffer: [],
    weight: 0,
    failure: undefined,
    done: false,
    stopped: false,
    wakeConsumer: undefined,
    wakeProducer: undefined,
  };
  void pump(iterator, map, limits, state);
  try {
    for (;;) {
      if (state.buffer.length > 0) {
        const [item] = state.buffer.splice(0, 1) as [U];
        state.weight -= limits.weight?.of(item) ?? 0;
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
