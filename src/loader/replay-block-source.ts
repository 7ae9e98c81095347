/**
 * A block source over blocks made by the ledger replay (src/loader/ledger-replay.ts): it serves
 * them like a channel whose tip is the last replayed block, then waits at the tip until aborted,
 * as a real block stream would. The runner, store and API cannot tell the difference; only the
 * peers are missing.
 */
import type { BlockSource } from '../indexer/block-source.js';
import { decodeBlock } from '../ledger/block-decoder.js';
import type { DecodedBlock } from '../ledger/types.js';

/** Serves `blocks` (serialized, numbered from 0) as a channel. */
export function replayBlockSource(blocks: readonly Uint8Array[]): BlockSource {
  return {
    async *blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<DecodedBlock> {
      for (let n = Number(startBlock); n < blocks.length; n++) {
        if (signal.aborted) return;
        yield decodeBlock(blocks[n] as Uint8Array);
      }
      // At the tip: nothing new will come; wait like a live stream until the runner stops.
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    chainHeight: () => Promise.resolve(BigInt(blocks.length)),
  };
}
