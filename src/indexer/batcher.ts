/**
 * Groups a block stream into store batches: while catching up, many blocks per transaction
 * (fewer commits, far higher throughput); at the chain tip, each block on its own and at once,
 * so a client waiting for its write is not held back.
 */

/** What the batcher needs of a block: its number and serialized size. */
export interface Batchable {
  number: bigint;
  bytes: number;
}

/** When to close a batch. */
export interface BatchOptions {
  /** Most blocks per batch. */
  maxBlocks: number;
  /** Most serialized block bytes per batch (bounds the JSON sent to Postgres). */
  maxBytes: number;
  /** Flush a non-empty batch when the next block takes longer than this to arrive. */
  maxWaitMs: number;
  /** True when a block is the last one known on the chain: flush at once. */
  atTip?: (blockNumber: bigint) => boolean;
  /**
   * True when the store has nothing to write: flush at once rather than let Postgres idle while
   * a batch fills (at start-up, or when Postgres is faster than the blocks come). While it writes,
   * the next batch grows to full size.
   */
  storeIdle?: () => boolean;
}

/** Defaults tuned for catch-up on a small machine. */
export const DEFAULT_BATCH: BatchOptions = {
  maxBlocks: 50,
  maxBytes: 16 * 1024 * 1024,
  maxWaitMs: 20,
};

type Next<T> = IteratorResult<T> | { failed: unknown };
type Step<T> = Next<T> | 'timeout' | 'aborted';

/**
 * A promise of 'aborted' for one wait, and its disposal. Not one promise for the whole stream:
 * Promise.race leaves a reaction on every promise it races, and a reaction on a promise that
 * stays pending holds the race's outcome, so racing each read against one long-lived promise kept
 * every block ever yielded alive until the signal aborted (a running indexer grew by its projected
 * rows, ~14 KB an event).
 */
function abortWait(signal: AbortSignal): { aborted: Promise<'aborted'>; dispose: () => void } {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) {
      resolve('aborted');
      return;
    }
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    aborted,
    dispose: () => {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Yields batches of consecutive blocks from `blocks` until it ends or `signal` aborts. */
export async function* batchBlocks<T extends Batchable>(
  blocks: AsyncIterable<T>,
  options: BatchOptions,
  signal: AbortSignal,
): AsyncGenerator<T[]> {
  const iterator = blocks[Symbol.asyncIterator]();
  let pending: Promise<Next<T>> | undefined;
  let batch: T[] = [];
  let bytes = 0;
  try {
    for (;;) {
      // Settle failures into a value so the blocks read before a failure are still stored.
      pending ??= iterator.next().then(
        (r) => r,
        (failed: unknown) => ({ failed }),
      );
      let timer: NodeJS.Timeout | undefined;
      const abort = abortWait(signal);
      const racers: Promise<Step<T>>[] = [pending, abort.aborted];
      if (batch.length > 0)
        racers.push(
          new Promise((r) => (timer = setTimeout(() => r('timeout'), options.maxWaitMs))),
        );
      const step = await Promise.race(racers);
      clearTimeout(timer);
      abort.dispose();
      if (step === 'aborted') return;
      if (step !== 'timeout') {
        pending = undefined;
        if ('failed' in step) {
          if (batch.length > 0) yield batch;
          throw step.failed;
        }
        if (step.done === true) break;
        batch.push(step.value);
        bytes += step.value.bytes;
        const full = batch.length >= options.maxBlocks || bytes >= options.maxBytes;
        const flushNow =
          options.atTip?.(step.value.number) === true || options.storeIdle?.() === true;
        if (!full && !flushNow) continue;
      }
      yield batch;
      batch = [];
      bytes = 0;
    }
    if (batch.length > 0) yield batch;
  } finally {
    // A source blocked in next() must not hang shutdown: abandon it (its outcome is settled).
    void iterator.return?.().catch(() => undefined);
  }
}
