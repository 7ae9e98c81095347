/**
 * StubBlockSource: an in-memory BlockSource for tests (a stub, not the Fabric implementation).
 * Serves blocks from an array, waits at the tip for `append`, and can fail once on demand.
 */
import type { BlockSource } from '../../src/indexer/block-source.js';
import { RetryableIndexerError } from '../../src/indexer/errors.js';
import type { DecodedBlock } from '../../src/ledger/types.js';

/** Options of the stub. */
export interface StubBlockSourceOptions {
  /** Throw a RetryableIndexerError once, when about to yield this block. */
  failOnceAt?: bigint;
  /** Delay before each block, to make catch-up observable. */
  delayMs?: number;
}

/** An in-memory block source (stub). */
export class StubBlockSource implements BlockSource {
  private waiters: (() => void)[] = [];
  /** Number of times blocks() was called (reconnects). */
  streamsOpened = 0;

  constructor(
    private readonly chain: DecodedBlock[],
    private readonly options: StubBlockSourceOptions = {},
  ) {}

  /** Adds blocks at the tip and wakes streams waiting there. */
  append(...blocks: DecodedBlock[]): void {
    this.chain.push(...blocks);
    for (const wake of this.waiters.splice(0)) wake();
  }

  chainHeight(): Promise<bigint> {
    return Promise.resolve(BigInt(this.chain.length));
  }

  async *blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<DecodedBlock> {
    this.streamsOpened++;
    let next = Number(startBlock);
    while (!signal.aborted) {
      const block = this.chain[next];
      if (block === undefined) {
        await new Promise<void>((resolve) => {
          this.waiters.push(resolve);
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        continue;
      }
      if (this.options.delayMs !== undefined)
        await new Promise((r) => setTimeout(r, this.options.delayMs));
      if (this.options.failOnceAt === block.number) {
        this.options.failOnceAt = undefined;
        throw new RetryableIndexerError('stub: peer went away', { blockNumber: block.number });
      }
      yield block;
      next++;
    }
  }
}
