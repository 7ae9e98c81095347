/**
 * Measures how fast the simulator streams, for benchmarks and the report: events per second with
 * or without serialising every step, and the peak resident memory seen while streaming.
 */
import type { SupplyChainOptions } from './simulation.types.js';
import { generateSupplyChain } from './supply-chain.generator.js';

/** What one measured pass produced and how long it took. */
export interface GenerationSpeed {
  events: number;
  steps: number;
  seconds: number;
  eventsPerSecond: number;
  /** Bytes of JSON when `serialise` was on, else 0. */
  serialisedBytes: number;
  peakRssMb: number;
}

/** Streams one full run and times it (wall clock, this process only). */
export function measureGenerationSpeed(
  options: SupplyChainOptions,
  serialise = false,
): GenerationSpeed {
  const sim = generateSupplyChain(options);
  let events = 0;
  let steps = 0;
  let serialisedBytes = 0;
  let peakRss = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  for (const step of sim.steps()) {
    if (step.kind === 'capture') events += step.document.epcisBody.eventList.length;
    if (serialise) serialisedBytes += JSON.stringify(step).length;
    // Sampling memory costs a syscall: every thousand steps is plenty to see the peak.
    if (++steps % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    events,
    steps,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    serialisedBytes,
    peakRssMb: Math.round(peakRss / 1e6),
  };
}
