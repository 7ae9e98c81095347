/**
 * A recall cuts a lot's story short: from the recall on, nothing of the lot is shipped, received
 * or dispensed (the contract refuses to ship or dispense recalled goods), so whatever was at a
 * distribution centre, in transit or on a pharmacy shelf stays there for the recall queries to
 * find. The manufacturer, as product owner, files the recall.
 */
import { isoUtc } from './epcis-time.js';
import { MANUFACTURER_MSP } from './parties.catalog.js';
import type { RecallInput } from './simulation.types.js';
import type { LotRun, StoryContext } from './story-context.js';

const SOLID_DOSE_REASONS: readonly [RecallInput['classification'], string][] = [
  ['II', 'Failed dissolution specification at the 12-month stability time point'],
  ['II', 'Subpotent drug: assay result below specification'],
  ['III', 'Labeling: incorrect expiration date printed on the bottle label'],
  ['II', 'cGMP deviation: cross-contamination risk from shared equipment'],
];

const COLD_CHAIN_REASONS: readonly [RecallInput['classification'], string][] = [
  ['I', 'Lack of sterility assurance: particulate matter observed in retained samples'],
  ['II', 'Temperature abuse: product held outside 2-8 °C during distribution'],
  ['II', 'Container closure integrity failure in a stability sample'],
];

/** Recalls a lot now: stops its pending activity, flushes every buffer, emits the recall step. */
export function recallLot(ctx: StoryContext, lot: LotRun): void {
  const now = ctx.scheduler.now;
  lot.cancelled = true;
  // The events the lot will no longer emit leave the plan, so the run can top up elsewhere.
  ctx.inflight -= lot.planned - lot.emitted;
  ctx.recallsPending--;
  const [classification, reason] = ctx.prng.pick(
    lot.drug.spec.coldChain ? COLD_CHAIN_REASONS : SOLID_DOSE_REASONS,
  );
  // Everything already captured must be on the ledger before the recall changes what is allowed.
  ctx.batcher.flushAll();
  ctx.summary.recalls++;
  ctx.out.push({
    kind: 'recall',
    msp: MANUFACTURER_MSP,
    at: isoUtc(now),
    recall: { recallId: ctx.prng.uuidUrn(), lotClasses: [lot.lotClass], classification, reason },
  });
}
