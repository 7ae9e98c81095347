/**
 * The runner: takes the single-writer lock (or waits as hot standby), reads the checkpoint, streams
 * blocks from the source, projects and stores them in batches, and reports lag and throughput.
 * Retryable errors reconnect with capped, jittered backoff; fatal errors stop it, naming the block
 * and transaction.
 */
import { readMirrorPosition, recordChainHeight } from '../db/checkpoint.queries.js';
import type { DecodedBlock } from '../ledger/types.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff.js';
import { batchBlocks, DEFAULT_BATCH, type BatchOptions } from './batcher.js';
import type { BlockSource } from './block-source.js';
import {
  BlockSequenceError,
  HashChainError,
  RetryableIndexerError,
  toIndexerError,
  type IndexerError,
} from './errors.js';
import {
  computeLag,
  RateMeter,
  type CatchUpProgress,
  type IndexerStatus,
  type RunnerRole,
} from './indexer-status.js';
import { indexerMetrics } from './metrics.js';
import { prefetch } from './prefetch.js';
import { projectBlockSteps } from './projector.js';
import type { BlockRowSet } from './row-set.js';
import { prepareBatchSteps, writeBatch, type PreparedBatch } from './store.js';
import { runInSlices } from './time-slices.js';
import { tryOpenWriterSession, type WriterSession } from './writer-session.js';

/** Something worth a log line: role changes and retries. */
export type RunnerEvent =
  | { type: 'role'; role: RunnerRole }
  | { type: 'retry'; attempt: number; delayMs: number; error: IndexerError };

/** Options of a runner. */
export interface RunnerOptions {
  connectionString: string;
  source: BlockSource;
  channel: string;
  chaincodeName: string;
  batch?: Partial<BatchOptions>;
  backoff?: Partial<BackoffOptions>;
  /** How often a standby retries the writer lock. */
  standbyRetryMs?: number;
  /** How often the chain height is refreshed while leading. */
  chainHeightRefreshMs?: number;
  /** Called after each stored batch (at most every progressIntervalMs) while catching up. */
  onProgress?: (progress: CatchUpProgress) => void;
  progressIntervalMs?: number;
  onEvent?: (event: RunnerEvent) => void;
  now?: () => number;
}

/** Runs the indexer for one channel; one instance per process and channel. */
export class IndexerRunner {
  private role: RunnerRole = 'starting';
  private indexedHeight = 0n;
  private chainHeight: bigint | undefined;
  /** The last use of the writer session; see onSession. */
  private sessionTail: Promise<void> = Promise.resolve();
  private lastBlockTime: Date | undefined;
  private lastError: string | undefined;
  private retries = 0;
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  private reportedCaughtUp = false;
  private projectedUpTo: bigint | undefined;
  private readonly meter = new RateMeter();
  private readonly now: () => number;
  private readonly labels: { channel: string };

  constructor(private readonly options: RunnerOptions) {
    this.now = options.now ?? Date.now;
    this.labels = { channel: options.channel };
  }

  /** A snapshot of role, heights, lag and throughput. */
  status(): IndexerStatus {
    const now = this.now();
    const lag = computeLag(this.indexedHeight, this.chainHeight, this.lastBlockTime, now);
    return {
      role: this.role,
      indexedHeight: this.indexedHeight,
      chainHeight: this.chainHeight,
      ...lag,
      ...this.meter.rates(now),
      lastBlockTime: this.lastBlockTime,
      lastError: this.lastError,
      retries: this.retries,
    };
  }

  /**
   * Runs until `signal` aborts (resolves) or a fatal error (rejects with it).
   * @throws FatalIndexerError (PayloadError, HashChainError, BlockSequenceError, …) naming block and tx.
   */
  async run(signal: AbortSignal): Promise<void> {
    // A call, not a property read: the loop condition's narrowing does not survive the awaits.
    const aborted = (): boolean => signal.aborted;
    const backoff = { ...DEFAULT_BACKOFF, ...this.options.backoff };
    while (!signal.aborted) {
      let session: WriterSession | undefined;
      try {
        session = await this.acquire(signal);
        if (session === undefined) break;
        this.setRole('leader');
        await this.lead(session, signal);
      } catch (err) {
        if (aborted()) break;
        const error = toIndexerError(err, { blockNumber: this.indexedHeight });
        this.lastError = error.message;
        indexerMetrics.errors.inc({
          ...this.labels,
          kind: error.retryable ? 'retryable' : 'fatal',
        });
        if (!error.retryable) {
          this.setRole('failed');
          throw error;
        }
        this.retries++;
        const delayMs = backoffDelay(this.retries, backoff);
        this.options.onEvent?.({ type: 'retry', attempt: this.retries, delayMs, error });
        await sleep(delayMs, signal);
      } finally {
        await session?.release();
        indexerMetrics.leader.set(this.labels, 0);
      }
    }
    this.setRole('stopped');
  }

  private setRole(role: RunnerRole): void {
    if (this.role === role) return;
    this.role = role;
    if (role === 'leader') indexerMetrics.leader.set(this.labels, 1);
    this.options.onEvent?.({ type: 'role', role });
  }

  /** Takes the writer lock, waiting as standby while another runner holds it. */
  private async acquire(signal: AbortSignal): Promise<WriterSession | undefined> {
    while (!signal.aborted) {
      const session = await tryOpenWriterSession(
        this.options.connectionString,
        this.options.channel,
      );
      if (session !== undefined) return session;
      this.setRole('standby');
      await sleep(this.options.standbyRetryMs ?? 1000, signal);
    }
    return undefined;
  }

  /** Indexes while holding the lock; returns when `signal` aborts, throws when the session is lost. */
  private async lead(session: WriterSession, signal: AbortSignal): Promise<void> {
    const inner = AbortSignal.any([signal, session.lost]);
    const position = await readMirrorPosition(session.db, this.options.channel);
    this.indexedHeight = position.nextBlock;
    this.projectedUpTo = undefined;
    this.lastBlockTime = position.lastBlockTime;
    await this.refreshChainHeight(session);
    const refresher = setInterval(
      () => void this.refreshChainHeight(session),
      this.options.chainHeightRefreshMs ?? 5000,
    );
    try {
      const batch = { ...DEFAULT_BATCH, ...this.options.batch };
      // Project ahead while the previous batch is being written: Node and Postgres overlap.
      // Two batches ahead at most, by count and by raw size (projected rows grow with it).
      const projected = prefetch(
        this.options.source.blocks(this.indexedHeight, inner),
        (block) => this.project(block),
        { items: batch.maxBlocks * 2, weight: { of: (p) => p.bytes, max: batch.maxBytes * 2 } },
      );
      let storing = false;
      const batches = batchBlocks(
        projected,
        {
          ...batch,
          atTip: (n) => n + 1n >= (this.chainHeight ?? 0n),
          storeIdle: () => !storing,
        },
        inner,
      );
      // Merge and serialise the next batch while Postgres writes this one: once projection is
      // ahead, that work is all Node does, and done in between it would leave Postgres idle.
      const prepared = prefetch(
        batches,
        async (blocks) => ({
          blocks,
          prepared: await runInSlices(prepareBatchSteps(blocks.map((p) => p.set))),
        }),
        1,
      );
      let started = this.now();
      for await (const { blocks, prepared: ready } of prepared) {
        storing = true;
        try {
          await this.storeBatch(session, blocks, ready, started);
        } finally {
          storing = false;
        }
        started = this.now();
      }
    } finally {
      clearInterval(refresher);
    }
    if (session.lost.aborted && !signal.aborted) {
      throw session.lost.reason instanceof Error
        ? session.lost.reason
        : new RetryableIndexerError('writer session lost');
    }
  }

  /**
   * Checks order and projects one block (runs ahead of the store, see prefetch), in time slices:
   * the store's round trips are answered between transactions of the block, not after it.
   */
  private async project(block: DecodedBlock): Promise<Projected> {
    const expected = this.projectedUpTo ?? this.indexedHeight;
    if (block.number !== expected) {
      throw new BlockSequenceError(
        `block source returned block ${block.number}, expected ${expected}`,
        {
          blockNumber: block.number,
        },
      );
    }
    if (!block.dataHashMatches) {
      // The header chain is checked on store; this ties the envelopes to that header.
      throw new HashChainError(
        `block ${block.number}: its data hash is not the SHA-256 of its envelopes (altered or corrupt block)`,
        { blockNumber: block.number },
      );
    }
    this.projectedUpTo = expected + 1n;
    const set = await runInSlices(
      projectBlockSteps(block, { chaincodeName: this.options.chaincodeName }),
    );
    return { number: block.number, bytes: block.raw.length, set, time: blockTime(block) };
  }

  private async storeBatch(
    session: WriterSession,
    batch: Projected[],
    prepared: PreparedBatch,
    started: number,
  ): Promise<void> {
    const result = await this.onSession(() =>
      writeBatch(session.db, this.options.channel, prepared),
    );
    this.indexedHeight = result.nextBlock;
    this.lastBlockTime = batch.at(-1)?.time ?? this.lastBlockTime;
    if (this.chainHeight === undefined || this.chainHeight < result.nextBlock)
      this.chainHeight = result.nextBlock;
    this.retries = 0;
    this.meter.add(started, this.now(), result.blocks, result.events);
    indexerMetrics.blocksIndexed.inc(this.labels, result.blocks);
    indexerMetrics.eventsProjected.inc(this.labels, result.events);
    this.publish();
  }

  /**
   * Runs `fn` on the writer session after whatever runs on it now. The session is one connection:
   * pg queues a statement sent while a batch transaction is open and runs it inside that
   * transaction, so the chain height written by the timer would commit or roll back with a batch.
   */
  private onSession<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.sessionTail.then(fn, fn);
    this.sessionTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async refreshChainHeight(session: WriterSession): Promise<void> {
    try {
      const height = await this.options.source.chainHeight();
      if (this.chainHeight === undefined || height > this.chainHeight) this.chainHeight = height;
      this.publish();
      // API processes read it from here to report lag in blocks.
      await this.onSession(() => recordChainHeight(session.db, this.options.channel, height));
    } catch (err) {
      // A failed look at the height is not a reason to stop indexing; the stream will tell.
      this.lastError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Updates gauges and, while catching up, the progress callback. */
  private publish(): void {
    const s = this.status();
    indexerMetrics.indexedHeight.set(this.labels, Number(s.indexedHeight));
    indexerMetrics.chainHeight.set(this.labels, Number(s.chainHeight ?? s.indexedHeight));
    indexerMetrics.lagBlocks.set(this.labels, Number(s.lagBlocks));
    indexerMetrics.lagSeconds.set(this.labels, s.lagSeconds);
    indexerMetrics.blocksPerSecond.set(this.labels, s.blocksPerSecond);
    const onProgress = this.options.onProgress;
    if (onProgress === undefined || s.chainHeight === undefined) return;
    const now = this.now();
    if (s.lagBlocks === 0n) {
      // Report reaching the tip once, not every block at the tip.
      if (this.reportedCaughtUp) return;
      this.reportedCaughtUp = true;
    } else {
      if (now - this.lastProgressAt < (this.options.progressIntervalMs ?? 1000)) return;
      this.reportedCaughtUp = false;
      this.lastProgressAt = now;
    }
    onProgress({
      indexedHeight: s.indexedHeight,
      chainHeight: s.chainHeight,
      lagBlocks: s.lagBlocks,
      blocksPerSecond: s.blocksPerSecond,
      eventsPerSecond: s.eventsPerSecond,
      etaSeconds: s.blocksPerSecond > 0 ? Number(s.lagBlocks) / s.blocksPerSecond : undefined,
    });
  }
}

/** A block projected ahead of the store. */
interface Projected {
  number: bigint;
  bytes: number;
  set: BlockRowSet;
  time: Date | undefined;
}

/** The latest transaction timestamp of a block. */
function blockTime(block: DecodedBlock): Date | undefined {
  let latest: Date | undefined;
  for (const tx of block.transactions)
    if (latest === undefined || tx.timestamp > latest) latest = tx.timestamp;
  return latest;
}
