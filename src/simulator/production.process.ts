/**
 * The production schedule: a new drug lot every nine to fifteen hours until the planned events
 * reach the target. Each lot's exact event count is known when it starts (lot-plan.ts), so the
 * last lot is sized to the remainder; a recall that cuts a lot short frees its unspent events,
 * and the schedule keeps going until no recall is pending, topping the run up to its target. The
 * last lots (HELD_TAIL_LOTS) stop at their distribution centres, so the run ends with goods in
 * distribution, as a real chain's snapshot has.
 */
import { yearCode, HOUR } from './epcis-time.js';
import { MG_PER_KG } from './ingredient-stock.js';
import { planLot, unitsWithinBudget, type LotPlanChoices } from './lot-plan.js';
import type { DrugRuntime } from './master-data.builder.js';
import { COMPANY_PREFIX_LENGTH } from './master-data.builder.js';
import { manufacturingProcess } from './manufacturing.process.js';
import { DISTRIBUTOR_MSP, MANUFACTURER_MSP } from './parties.catalog.js';
import type { Process } from './process-scheduler.js';
import { dateAfterMonths } from './epcis-time.js';
import { lgtinUrn } from './gs1-identifiers.js';
import type { LotRun, StoryContext } from './story-context.js';

/** Fewest events a lot can have (one unit, one distribution centre, one ingredient lot opened). */
const MIN_LOT_EVENTS = 16;

/**
 * The run ends with about this many lots still at their distribution centres, on their pallets
 * (LotPlan.heldAtDc): once the events left would pay for fewer held lots than this, every further
 * lot is held. Without them everything made would be dispensed by the run's end, and a recall of
 * its latest lots would find nothing left to pull back.
 */
const HELD_TAIL_LOTS = 12;

/** Share of ingredient overage: manufacturing charges a little more than the label claim. */
const OVERAGE = 1.02;

/** Mean units per lot: about 250 lots per run, between 30 and 4,000 units each. */
export function meanLotUnits(targetEvents: number): number {
  return Math.min(4000, Math.max(30, Math.round(targetEvents / 250)));
}

/**
 * Which lot indices get recalled: spread over the first two thirds of the expected lots, so the
 * recalls land mid-run and the schedule has time to replace the events they cut.
 */
export function recallLotIndices(targetEvents: number, recallCount: number): number[] {
  const expectedLots = targetEvents / (0.95 * meanLotUnits(targetEvents) + 20);
  const indices: number[] = [];
  for (let r = 0; r < recallCount; r++) {
    const candidate = Math.max(
      1,
      Math.floor(expectedLots * (0.1 + (0.55 * (r + 0.5)) / recallCount)),
    );
    indices.push(Math.max(candidate, (indices[indices.length - 1] ?? 0) + 1));
  }
  return indices;
}

/** Starts lots on schedule until the target is covered and no recall is pending. */
export function* productionProcess(ctx: StoryContext): Process {
  const recallAt = recallLotIndices(ctx.options.targetEvents, ctx.options.recallCount);
  let t = ctx.scheduler.now;
  for (;;) {
    const budget = ctx.options.targetEvents - ctx.emitted - ctx.inflight;
    const started = budget >= MIN_LOT_EVENTS && startLot(ctx, t, budget, recallAt);
    if (!started && ctx.recallsPending === 0) return;
    t += ctx.prng.range(9, 15) * HOUR;
    yield t;
  }
}

function startLot(
  ctx: StoryContext,
  t: number,
  budget: number,
  recallAt: readonly number[],
): boolean {
  const { prng, world } = ctx;
  const drug = prng.pick(world.drugs);
  const drawn = drawChoices(ctx, drug);
  const newIngredientLots = ctx.stock.newLotsNeeded(needs(drug, drawn.units));
  const holdAtDc =
    budget - planLot(drawn).structuralEvents - newIngredientLots <
    HELD_TAIL_LOTS * (planLot({ ...drawn, holdAtDc: true }).structuralEvents + newIngredientLots);
  const choices = { ...drawn, holdAtDc };
  // Ingredient lots opened by this lot count too: at most one per bill-of-materials line.
  let units = choices.units;
  const full = planLot(choices);
  if (full.structuralEvents + newIngredientLots > budget) {
    units = unitsWithinBudget(choices, budget - drug.bom.length);
    if (units === 0) return false;
  }
  const plan = units === choices.units ? full : planLot({ ...choices, units });
  const { draws, newLots } = ctx.stock.draw(needs(drug, units), yearCode(t));

  const index = ctx.lotCount++;
  const lotNumber = `${drug.spec.lotCode}${yearCode(t)}${String(index + 1).padStart(5, '0')}`;
  const lotClass = lgtinUrn(drug.gtin, COMPANY_PREFIX_LENGTH, lotNumber);
  const planned = plan.structuralEvents + newLots.length;
  const isLast = budget - planned < MIN_LOT_EVENTS;
  const recall =
    ctx.recallsDesignated < ctx.options.recallCount &&
    (recallAt.includes(index) || isLast || index >= (recallAt[recallAt.length - 1] ?? Infinity));
  if (recall) {
    ctx.recallsDesignated++;
    ctx.recallsPending++;
  }
  const lot: LotRun = {
    cancelled: false,
    index,
    drug,
    plan,
    lotNumber,
    lotClass,
    expiry: dateAfterMonths(t, drug.spec.shelfLifeMonths),
    serialBase: ctx.reserveSerials(drug.gtin, plan.units),
    caseBase: ctx.reserveSsccs(MANUFACTURER_MSP, plan.cases),
    palletBase: ctx.reserveSsccs(MANUFACTURER_MSP, plan.pallets),
    toteBase: ctx.reserveSsccs(
      DISTRIBUTOR_MSP,
      plan.legs.reduce((n, leg) => n + leg.totes, 0),
    ),
    draws,
    newLots,
    planned,
    emitted: 0,
    recall,
    info: {
      lotClass,
      gtin: drug.gtin,
      productName: drug.spec.name,
      units: plan.units,
      cases: plan.cases,
      pallets: plan.pallets,
      ingredientLots: draws.map((draw) => draw.lot.lotClass),
      recalled: recall,
      heldAtDc: plan.heldAtDc,
    },
  };
  for (const draw of draws) {
    draw.lot.drugLots.push(lotClass);
    draw.lot.downstreamUnits += plan.units;
  }
  ctx.summary.drugLots.push(lot.info);
  ctx.summary.serialisedUnits += plan.units;
  ctx.inflight += planned;
  ctx.scheduler.spawn(manufacturingProcess(ctx, lot), t, lot);
  return true;
}

function drawChoices(ctx: StoryContext, drug: DrugRuntime): LotPlanChoices {
  const { prng, world } = ctx;
  const units = Math.max(
    1,
    Math.round(meanLotUnits(ctx.options.targetEvents) * prng.range(0.6, 1.4)),
  );
  // One to three distribution centres (fewer when the lot has fewer pallets), in random order.
  const roll = prng.next();
  const dcCount = roll < 0.5 ? 1 : roll < 0.8 ? 2 : 3;
  const pool = [...world.dcKeys];
  const dcs = [];
  for (let i = 0; i < dcCount && pool.length > 0; i++) {
    const dcKey = pool.splice(prng.int(pool.length), 1)[0] ?? '';
    dcs.push({ dcKey, pharmacyKeys: world.pharmaciesByDc.get(dcKey) ?? [] });
  }
  return {
    units,
    caseSize: drug.spec.caseSize,
    casesPerPallet: drug.spec.casesPerPallet,
    dcs,
    toteSize: prng.intBetween(drug.spec.toteSize[0], drug.spec.toteSize[1]),
    deliveryDays: prng.intBetween(4, 12),
    dispenseSalt: prng.nextU32(),
  };
}

function needs(
  drug: DrugRuntime,
  units: number,
): { spec: DrugRuntime['bom'][number]['spec']; mg: number }[] {
  return drug.bom.map((line) => ({
    spec: line.spec,
    mg: Math.max(1, Math.round(line.kgPerUnit * OVERAGE * units * MG_PER_KG)),
  }));
}
