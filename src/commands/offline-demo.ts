/**
 * The offline demo chain for `npm start` when no Fabric network can run: a small simulated supply
 * chain replayed through the real contract into signed, real-format blocks, served to the real
 * indexer as a block source. Its mirror lives in its own database (provenance_offline_demo), so
 * it never mixes with a mirror of a real ledger.
 */
import type { BlockSource } from '../indexer/block-source.js';
import { LedgerReplay } from '../loader/ledger-replay.js';
import { replayBlockSource } from '../loader/replay-block-source.js';
import { simulationBlocks } from '../loader/simulation-blocks.js';
import type { Logger } from '../logger.js';
import {
  generateSupplyChain,
  pickDrugLot,
  pickHeldDrugLot,
  pickIngredientLot,
} from '../simulator/index.js';

/** The demo chain and lots worth querying first. */
export interface OfflineDemo {
  source: BlockSource;
  blocks: number;
  events: number;
  /** A drug lot with many units (for recallImpact and lineage). */
  drugLot: string | undefined;
  /** An ingredient lot whose drug lots hold units (for a forward trace). */
  ingredientLot: string | undefined;
  /** A drug lot still at its distribution centres (for a recall that finds goods in stock). */
  heldLot: string | undefined;
}

/** Database holding the offline demo mirror. */
export const OFFLINE_DEMO_DATABASE = 'provenance_offline_demo';

/** Builds the demo chain (a few seconds for the default size). */
export async function buildOfflineDemo(
  options: { channel: string; chaincode: string; events: number },
  log: Logger,
): Promise<OfflineDemo> {
  const started = Date.now();
  const sim = generateSupplyChain({
    seed: 'demo',
    targetEvents: options.events,
    eventsPerDocument: 25,
  });
  const replay = await LedgerReplay.create({
    channel: options.channel,
    chaincode: options.chaincode,
    txPerBlock: 20,
    signatures: 'ecdsa',
    seed: 'demo',
  });
  const blocks: Uint8Array[] = [];
  let events = 0;
  const run = sim.run();
  for await (const block of simulationBlocks(sim, replay, (p) => (events = p.events), run)) {
    blocks.push(block.bytes);
  }
  if (replay.refused.length > 0) {
    log.warn(
      `offline demo: the contract refused ${replay.refused.length} transactions, first: ${replay.refused[0]?.message ?? ''}`,
    );
  }
  log.info(
    `offline demo chain: ${events} events in ${blocks.length} blocks, made in ${Date.now() - started} ms`,
  );
  const summary = run.summary();
  return {
    source: replayBlockSource(blocks),
    blocks: blocks.length,
    events,
    drugLot: pickDrugLot(summary, 50)?.lotClass,
    ingredientLot: pickIngredientLot(summary, 50)?.lotClass,
    heldLot: pickHeldDrugLot(summary)?.lotClass,
  };
}
