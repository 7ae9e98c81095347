/**
 * A block source fed by a producer while it runs (e.g. the ledger replay of a large simulated
 * chain): blocks are decoded and handed to the indexer as they are made, so a million-event chain
 * never sits in memory. It can be read once, from block 0.
 */
import type { BlockSource } from '../indexer/block-source.js';
import { decodeBlock } from '../ledger/block-decoder.js';
import type { BuiltBlock } from '../ledger/block-builder.js';
import type { DecodedBlock } from '../ledger/types.js';

/** Wraps a block producer; `produced` counts blocks made so far (the chain height seen). */
export function streamingBlockSource(producer: AsyncIterable<BuiltBlock>): BlockSource & {
  readonly produced: bigint;
  readonly finished: boolean;
} {
  let produced = 0n;
  let finished = false;
  let started = false;
  return {
    get produced() {
      return produced;
    },
    get finished() {
      return finished;
    },
    async *blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<DecodedBlock> {
      if (started) throw new Error('a streaming block source can be read only once');
      started = true;
      for await (const block of producer) {
        produced += 1n;
        if (signal.aborted) return;
        if (produced - 1n < startBlock) continue;
        yield decodeBlock(block.bytes);
      }
      finished = true;
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    chainHeight: () => Promise.resolve(finished ? produced : produced + 1n),
  };
}
