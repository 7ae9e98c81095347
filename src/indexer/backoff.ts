/** Exponential backoff with jitter, and a sleep that an AbortSignal cuts short. */

/** Backoff settings: the first delay, the cap, and the growth per attempt. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

/** Sensible defaults for reconnecting to a peer or Postgres. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2 };

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with "equal jitter" (half
 * fixed, half random) so a fleet of standbys does not reconnect in lockstep yet never spins.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = options.initialMs * options.factor ** Math.max(0, attempt - 1);
  const base = Math.min(options.maxMs, exponential);
  return Math.round(base / 2 + (random() * base) / 2);
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
