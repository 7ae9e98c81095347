/**
 * The manufacturer's part of a lot's story: commission the ingredient lots it needs, make the drug
 * lot (TransformationEvent), serialise units and pack them into cases and pallets, then, after
 * quality release, ship pallets to the distribution centres (see distribution.process.ts).
 */
import { distributionLegProcess } from './distribution.process.js';
import {
  commissionContainersEvent,
  commissionLotEvent,
  commissionUnitsEvent,
  ILMD_EXPIRY,
  ILMD_LOT_NUMBER,
  packEvent,
  transformationEvent,
} from './epcis-event.builder.js';
import { DAY, HOUR, MINUTE, dateAfterMonths } from './epcis-time.js';
import { mgToKg } from './ingredient-stock.js';
import { MANUFACTURER_MSP } from './parties.catalog.js';
import type { Process } from './process-scheduler.js';
import { recallLot } from './recall.process.js';
import { caseId, caseIds, palletId } from './lot-identifiers.js';
import type { LotRun, StoryContext } from './story-context.js';

/** The site of the manufacturer's API plant, where active ingredients are made. */
export const API_PLANT_KEY = 'mfr-kalamazoo';

/** ILMD of a lot: number and expiry. */
export function lotIlmd(lotNumber: string, expiry: string): Record<string, string> {
  return { [ILMD_LOT_NUMBER]: lotNumber, [ILMD_EXPIRY]: expiry };
}

/** A drug lot from its ingredients to release and dispatch. */
export function* manufacturingProcess(ctx: StoryContext, lot: LotRun): Process {
  const { prng } = ctx;
  const plant = ctx.site(lot.drug.spec.plantKey);
  const apiPlant = ctx.site(API_PLANT_KEY);
  const plan = lot.plan;
  let t = ctx.scheduler.now;

  // Ingredient lots this drug lot opened: APIs are made at the API plant; excipients are bought
  // in and given an internal lot on receipt at the drug plant.
  for (const ingredient of lot.newLots) {
    const site = ingredient.spec.kind === 'api' ? apiPlant : plant;
    const quantity = {
      epcClass: ingredient.lotClass,
      quantity: mgToKg(ingredient.quantityMg),
      uom: 'KGM',
    };
    const expiry = dateAfterMonths(t, ingredient.spec.shelfLifeMonths);
    ctx.emit(
      lot,
      MANUFACTURER_MSP,
      commissionLotEvent(ctx.stamp(site, t), quantity, lotIlmd(ingredient.lotNumber, expiry)),
      t,
    );
    t += prng.range(10, 30) * MINUTE;
    yield t;
  }

  t += prng.range(4, 8) * HOUR;
  yield t;
  const inputs = lot.draws.map((draw) => ({
    epcClass: draw.lot.lotClass,
    quantity: mgToKg(draw.quantityMg),
    uom: 'KGM',
  }));
  const outputs = [{ epcClass: lot.lotClass, quantity: plan.units }];
  const ilmd = lotIlmd(lot.lotNumber, lot.expiry);
  ctx.emit(
    lot,
    MANUFACTURER_MSP,
    transformationEvent(ctx.stamp(plant, t), inputs, outputs, ilmd),
    t,
  );

  // Packaging run a day or two later: print the lot's case and pallet labels, then serialise a
  // batch, pack its cases, close full pallets.
  t += prng.range(20, 44) * HOUR;
  yield t;
  const containers = caseIds(ctx, lot, 0, plan.cases);
  for (let p = 0; p < plan.pallets; p++) containers.push(palletId(ctx, lot, p));
  ctx.emit(lot, MANUFACTURER_MSP, commissionContainersEvent(ctx.stamp(plant, t), containers), t);
  t += prng.range(5, 15) * MINUTE;
  yield t;
  const caseSize = plan.caseSize;
  for (let c = 0; c < plan.cases;) {
    const batchEnd = Math.min(c + plan.casesPerCommission, plan.cases);
    const units = ctx.sgtins(lot, c * caseSize, Math.min(batchEnd * caseSize, plan.units));
    ctx.emit(lot, MANUFACTURER_MSP, commissionUnitsEvent(ctx.stamp(plant, t), units, ilmd), t);
    for (; c < batchEnd; c++) {
      t += prng.range(1, 3) * MINUTE;
      yield t;
      const children = ctx.sgtins(lot, c * caseSize, Math.min((c + 1) * caseSize, plan.units));
      ctx.emit(
        lot,
        MANUFACTURER_MSP,
        packEvent(ctx.stamp(plant, t), caseId(ctx, lot, c), children),
        t,
      );
      if ((c + 1) % plan.casesPerPallet === 0 || c + 1 === plan.cases) {
        t += prng.range(3, 8) * MINUTE;
        yield t;
        const pallet = Math.floor(c / plan.casesPerPallet);
        const cases = caseIds(ctx, lot, pallet * plan.casesPerPallet, c + 1);
        ctx.emit(
          lot,
          MANUFACTURER_MSP,
          packEvent(ctx.stamp(plant, t), palletId(ctx, lot, pallet), cases),
          t,
        );
      }
    }
    t += prng.range(2, 5) * MINUTE;
    yield t;
  }

  // Quality release, then one shipment per distribution centre, a couple of hours apart.
  t += prng.range(5, 9) * DAY;
  yield t;
  if (lot.recall) {
    const cutoff = t + prng.range(3, 20) * DAY;
    ctx.scheduler.at(cutoff, () => recallLot(ctx, lot));
  }
  let departure = t;
  for (const leg of plan.legs) {
    ctx.scheduler.spawn(distributionLegProcess(ctx, lot, leg), departure, lot);
    departure += prng.range(1, 3) * HOUR;
  }
}
