/** What the runner reports: its role, heights, lag and throughput. */

/** The runner's role in the single-writer scheme. */
export type RunnerRole = 'starting' | 'standby' | 'leader' | 'stopped' | 'failed';

/** A snapshot of the runner's state. */
export interface IndexerStatus {
  role: RunnerRole;
  /** Blocks in the mirror: the checkpoint, i.e. the next block to read. */
  indexedHeight: bigint;
  /** Blocks on the chain as last seen (undefined before the first look). */
  chainHeight: bigint | undefined;
  lagBlocks: bigint;
  /** Now minus the time of the last indexed block, while behind; 0 when caught up. */
  lagSeconds: number;
  blocksPerSecond: number;
  eventsPerSecond: number;
  lastBlockTime: Date | undefined;
  /** Message of the last error (retryable or fatal). */
  lastError: string | undefined;
  /** Retries since the last progress. */
  retries: number;
}

/** Catch-up progress, reported after each stored batch. */
export interface CatchUpProgress {
  indexedHeight: bigint;
  chainHeight: bigint;
  lagBlocks: bigint;
  blocksPerSecond: number;
  eventsPerSecond: number;
  /** Seconds to reach the chain height at the current rate; undefined without a rate. */
  etaSeconds: number | undefined;
}

/** Lag in blocks and seconds from heights and the last indexed block's time. */
export function computeLag(
  indexedHeight: bigint,
  chainHeight: bigint | undefined,
  lastBlockTime: Date | undefined,
  nowMs: number,
): { lagBlocks: bigint; lagSeconds: number } {
  const lagBlocks =
    chainHeight === undefined || chainHeight <= indexedHeight ? 0n : chainHeight - indexedHeight;
  // Caught up means no lag even if the chain has been idle for an hour.
  const lagSeconds =
    lagBlocks === 0n || lastBlockTime === undefined
      ? 0
      : Math.max(0, (nowMs - lastBlockTime.getTime()) / 1000);
  return { lagBlocks, lagSeconds };
}

/** Blocks and events per second over a sliding window of stored batches. */
export class RateMeter {
  private samples: { start: number; end: number; blocks: number; events: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  /** Records a batch read and stored between `start` and `end` (ms). */
  add(start: number, end: number, blocks: number, events: number): void {
    this.samples.push({ start, end, blocks, events });
    this.samples = this.samples.filter(
      (s, i) => i === this.samples.length - 1 || s.end >= end - this.windowMs,
    );
  }

  /** Rates from the start of the oldest batch in the window to `now` (ms). */
  rates(now: number): { blocksPerSecond: number; eventsPerSecond: number } {
    const first = this.samples[0];
    if (first === undefined) return { blocksPerSecond: 0, eventsPerSecond: 0 };
    const span = Math.max(now - first.start, 1) / 1000;
    const blocks = this.samples.reduce((n, s) => n + s.blocks, 0);
    const events = this.samples.reduce((n, s) => n + s.events, 0);
    return { blocksPerSecond: blocks / span, eventsPerSecond: events / span };
  }
}
