/**
 * Entry point of the simulator: a deterministic, seeded pharmaceutical supply chain streamed as
 * EPCIS 2.0 capture documents, emission records and recalls, each tagged with the MSP that must
 * submit it, in an order the contract's custody rules accept.
 *
 * @example
 * const sim = generateSupplyChain({ seed: 42, targetEvents: 100_000 });
 * // register sim.masterData, submit sim.footprints, then:
 * const run = sim.run();
 * for (const step of run.steps) await submit(step);
 * console.log(run.summary());
 */
import { parseStartTime } from './epcis-time.js';
import { loadGlecFactors, type GlecFactorTable } from './glec-factors.js';
import { buildFootprints, buildMasterData, buildWorld } from './master-data.builder.js';
import { Prng } from './prng.js';
import { productionProcess } from './production.process.js';
import type {
  FootprintSubmission,
  MasterData,
  SimulationStep,
  SimulationSummary,
  SupplyChainOptions,
} from './simulation.types.js';
import { StoryContext, type ResolvedOptions } from './story-context.js';

/** The default start of simulated time (a Monday, early morning US Eastern). */
export const DEFAULT_START_TIME = '2025-01-06T11:00:00.000Z';

/** One pass over the stream: the steps (iterate once) and a summary of what was streamed so far. */
export interface SimulationRun {
  steps: Generator<SimulationStep, void, void>;
  summary(): SimulationSummary;
}

/** A configured simulation: static data up front, the event stream on demand. */
export interface SupplyChain {
  options: Readonly<ResolvedOptions>;
  masterData: MasterData;
  footprints: FootprintSubmission[];
  factors: GlecFactorTable;
  /** Starts a fresh, identical pass over the stream. */
  run(): SimulationRun;
  /** The steps of a fresh pass, for `for…of`. */
  steps(): Iterable<SimulationStep>;
}

/**
 * Validates options and applies defaults.
 * @throws RangeError when an option is out of range.
 */
export function resolveOptions(options: SupplyChainOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    seed: options.seed,
    targetEvents: options.targetEvents,
    eventsPerDocument: options.eventsPerDocument ?? 50,
    excursionRate: options.excursionRate ?? 0.02,
    recallCount: options.recallCount ?? 3,
    startTimeMs: parseStartTime(options.startTime ?? DEFAULT_START_TIME),
  };
  const check = (ok: boolean, message: string): void => {
    if (!ok) throw new RangeError(message);
  };
  check(
    typeof options.seed === 'string' || Number.isFinite(options.seed),
    'seed must be a string or a finite number',
  );
  check(
    Number.isInteger(resolved.targetEvents) && resolved.targetEvents >= 1,
    'targetEvents must be a positive integer',
  );
  check(
    Number.isInteger(resolved.eventsPerDocument) &&
      resolved.eventsPerDocument >= 1 &&
      resolved.eventsPerDocument <= 100,
    'eventsPerDocument must be an integer from 1 to 100',
  );
  check(
    resolved.excursionRate >= 0 && resolved.excursionRate <= 1,
    'excursionRate must be between 0 and 1',
  );
  check(
    Number.isInteger(resolved.recallCount) && resolved.recallCount >= 0,
    'recallCount must be a non-negative integer',
  );
  return resolved;
}

/**
 * Configures a simulation. Nothing is generated until a run's steps are iterated; memory stays
 * bounded by the lots in flight, not by the number of events.
 * @throws RangeError when an option is out of range; Error when the factor table is invalid.
 */
export function generateSupplyChain(options: SupplyChainOptions): SupplyChain {
  const resolved = resolveOptions(options);
  const factors = loadGlecFactors(options.factorsFile);
  const world = buildWorld();
  const masterData = buildMasterData(world);
  const footprints = buildFootprints(new Prng(`${String(resolved.seed)}/footprints`));

  const run = (): SimulationRun => {
    const ctx = new StoryContext(
      world,
      resolved,
      factors,
      new Prng(`${String(resolved.seed)}/story`),
      new Prng(`${String(resolved.seed)}/stock`),
    );
    return {
      steps: streamSteps(ctx),
      summary: () => ctx.summary.snapshot(ctx.batcher.documents, ctx.stock.lots()),
    };
  };
  return { options: resolved, masterData, footprints, factors, run, steps: () => run().steps };
}

function* streamSteps(ctx: StoryContext): Generator<SimulationStep, void, void> {
  ctx.scheduler.spawn(productionProcess(ctx), ctx.options.startTimeMs);
  const out = ctx.out;
  while (ctx.scheduler.step()) {
    if (out.length === 0) continue;
    // Drain in order; splice once so a burst of steps costs one array operation.
    const ready = out.splice(0, out.length);
    yield* ready;
  }
  ctx.batcher.flushAll();
  yield* out.splice(0, out.length);
}
