/**
 * Turns a simulated supply chain into the blocks a real channel would have produced: master data
 * and footprints first, then every capture, emission and recall in submission order, each run
 * through the contract as the MSP the simulator tagged it with.
 */
import type { SimulationRun, SimulationStep, SupplyChain } from '../simulator/index.js';
import type { BuiltBlock } from '../ledger/block-builder.js';
import type { LedgerReplay } from './ledger-replay.js';

const FUNCTION_OF: Record<SimulationStep['kind'], string> = {
  capture: 'CaptureEvents',
  emission: 'RecordEmission',
  recall: 'InitiateRecall',
};

function argumentOf(step: SimulationStep): string {
  if (step.kind === 'capture') return JSON.stringify(step.document);
  if (step.kind === 'emission') return JSON.stringify(step.emission);
  return JSON.stringify(step.recall);
}

/** Progress of a replay, reported every few hundred transactions. */
export interface ReplayProgress {
  transactions: number;
  events: number;
  blocks: number;
}

/**
 * Yields the genesis block and then every block of the simulated chain. Pass `run` to read its
 * summary afterwards (a run's summary fills in as its steps are consumed).
 */
export async function* simulationBlocks(
  sim: SupplyChain,
  replay: LedgerReplay,
  onProgress?: (progress: ReplayProgress) => void,
  run: SimulationRun = sim.run(),
): AsyncGenerator<BuiltBlock> {
  yield replay.genesis();
  const progress: ReplayProgress = { transactions: 0, events: 0, blocks: 1 };
  const submit = async function* (
    fn: string,
    arg: string,
    msp: string,
    opts: { admin?: boolean; at?: Date } = {},
  ): AsyncGenerator<BuiltBlock> {
    for (const block of await replay.submit(fn, [arg], msp, opts)) {
      progress.blocks += 1;
      yield block;
    }
    progress.transactions += 1;
    if (progress.transactions % 500 === 0) onProgress?.({ ...progress });
    // The contract never waits on I/O, so without this the replay would keep the event loop to
    // itself: timers, sockets and the indexer consuming these blocks would all stall.
    if (progress.transactions % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  const { organizations, locations, products } = sim.masterData;
  for (const org of organizations)
    yield* submit('RegisterOrganization', JSON.stringify(org), org.mspId, { admin: true });
  for (const location of locations)
    yield* submit('RegisterLocation', JSON.stringify(location), location.ownerMsp);
  for (const product of products)
    yield* submit('RegisterProduct', JSON.stringify(product), product.ownerMsp);
  for (const { msp, footprint } of sim.footprints)
    yield* submit('SubmitProductFootprint', JSON.stringify(footprint), msp);
  for (const step of run.steps) {
    if (step.kind === 'capture') progress.events += step.document.epcisBody.eventList.length;
    yield* submit(FUNCTION_OF[step.kind], argumentOf(step), step.msp, { at: new Date(step.at) });
  }
  const last = replay.flush();
  if (last !== undefined) {
    progress.blocks += 1;
    yield last;
  }
  onProgress?.({ ...progress });
}
