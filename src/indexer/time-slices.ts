/**
 * Cooperative CPU work on the indexer's one thread. Projection and the store share it: a reply
 * from Postgres is handled only when the thread is free, so a long stretch of projection would
 * hold every round trip of the transaction being written, and Postgres would wait on Node.
 */

/** Lets pending I/O callbacks (database replies, socket writes) run before continuing. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Longest stretch of work between two yields, in milliseconds. */
const SLICE_MS = 5;

/**
 * Runs a stepwise computation to its result, yielding to the event loop whenever a slice of
 * SLICE_MS is used up (checked between steps), so I/O waits at most about one slice.
 */
export async function runInSlices<R>(steps: Iterator<void, R, void>): Promise<R> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}
