/**
 * Runs the REAL indexer runner over serialized blocks into a database until it has indexed them
 * all (or 60 s pass), then stops it. Not a test file.
 */
import { IndexerRunner } from '../../src/indexer/runner.js';
import type { BlockSource } from '../../src/indexer/block-source.js';
import { replayBlockSource } from '../../src/loader/replay-block-source.js';

/** Indexes `blocks` (channel supplychain, chaincode provenance); returns the source and runner. */
export async function indexBlocks(
  connectionString: string,
  blocks: readonly Uint8Array[],
): Promise<{ source: BlockSource; runner: IndexerRunner }> {
  const source = replayBlockSource(blocks);
  const runner = new IndexerRunner({
    connectionString,
    source,
    channel: 'supplychain',
    chaincodeName: 'provenance',
  });
  const controller = new AbortController();
  const running = runner.run(controller.signal);
  const deadline = Date.now() + 60_000;
  while (runner.status().indexedHeight < BigInt(blocks.length) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  await running;
  return { source, runner };
}
