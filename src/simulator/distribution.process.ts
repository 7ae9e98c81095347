/**
 * Everything after release: pallets travel to a distribution centre, which receives them, breaks
 * them down to units, picks units into totes and sends one shipment per pharmacy per day; each
 * pharmacy receives, unpacks and dispenses over the following weeks. Every shipping event gets a
 * GLEC emission record; every receipt carries the leg's temperature readings.
 */
import {
  commissionContainersEvent,
  dispenseEvent,
  packEvent,
  receiveEvent,
  shipEvent,
  tradeReferences,
  unpackEvent,
  type TradeReferences,
} from './epcis-event.builder.js';
import { DAY, HOUR, MINUTE, formatEventTime, withinOpeningHours } from './epcis-time.js';
import { greatCircleKm, routeLeg, type LegRoute } from './glec-factors.js';
import { caseId, caseIds, palletId, toteId } from './lot-identifiers.js';
import { dispenseGroupSize, toteUnitRange, type DcLegPlan } from './lot-plan.js';
import type { SiteRuntime } from './master-data.builder.js';
import {
  DISTRIBUTOR_MSP,
  MANUFACTURER_MSP,
  PHARMACY_MSP,
  type SimulatedMsp,
} from './parties.catalog.js';
import type { Process } from './process-scheduler.js';
import { PALLET_TARE_KG, TOTE_TARE_KG } from './products.catalog.js';
import { legReadings, sensorElementList } from './sensor-readings.js';
import type { LotRun, StoryContext } from './story-context.js';

/** A shipment on its way: what the receiving side needs to close it. */
interface Shipment {
  key: string;
  from: SiteRuntime;
  fromMsp: SimulatedMsp;
  epcs: string[];
  trade: TradeReferences;
  departure: number;
}

/** Pharmacies dispense during these local hours. */
const OPENING_HOURS = [9, 21] as const;

/** One distribution centre's share of a lot, from the manufacturer's dock to pharmacy deliveries. */
export function* distributionLegProcess(ctx: StoryContext, lot: LotRun, leg: DcLegPlan): Process {
  const { prng } = ctx;
  const plant = ctx.site(lot.drug.spec.plantKey);
  const dc = ctx.site(leg.dcKey);
  const plan = lot.plan;
  let t = ctx.scheduler.now;

  const pallets: string[] = [];
  for (let p = leg.palletStart; p < leg.palletEnd; p++) pallets.push(palletId(ctx, lot, p));
  const units = leg.unitEnd - leg.unitStart;
  const massKg =
    units * lot.drug.spec.unitMassKg +
    (leg.caseEnd - leg.caseStart) * lot.drug.spec.caseTareKg +
    pallets.length * PALLET_TARE_KG;
  const inbound = ship(ctx, lot, MANUFACTURER_MSP, plant, dc, pallets, massKg, t);
  t = inbound.arrival;
  yield t;
  receive(ctx, lot, DISTRIBUTOR_MSP, dc, inbound.shipment, t);
  // The run's last lots stay at the centre on their pallets: in distribution when the run ends.
  if (plan.heldAtDc) return;

  // Put-away: break pallets into cases and cases into units.
  t += prng.range(1, 4) * HOUR;
  yield t;
  for (let p = leg.palletStart; p < leg.palletEnd; p++) {
    const cases = caseIds(
      ctx,
      lot,
      p * plan.casesPerPallet,
      Math.min((p + 1) * plan.casesPerPallet, plan.cases),
    );
    ctx.emit(
      lot,
      DISTRIBUTOR_MSP,
      unpackEvent(ctx.stamp(dc, t), palletId(ctx, lot, p), cases, 'in_progress'),
      t,
    );
    t += prng.range(2, 6) * MINUTE;
    yield t;
  }
  for (let c = leg.caseStart; c < leg.caseEnd; c++) {
    const children = ctx.sgtins(
      lot,
      c * plan.caseSize,
      Math.min((c + 1) * plan.caseSize, plan.units),
    );
    ctx.emit(
      lot,
      DISTRIBUTOR_MSP,
      unpackEvent(ctx.stamp(dc, t), caseId(ctx, lot, c), children, 'in_progress'),
      t,
    );
    t += prng.range(0.5, 1.5) * MINUTE;
    yield t;
  }

  // Deliveries: pharmacies in rotation, one shipment each per day, from the next morning on.
  const rotation = leg.pharmacyKeys.length;
  const firstWave = nextLocalHour(t, dc.offsetMinutes, 5);
  const totesTare = lot.drug.spec.coldChain ? TOTE_TARE_KG.coldChain : TOTE_TARE_KG.ambient;
  for (let s = 0; s < leg.shipments; s++) {
    const waveStart = firstWave + Math.floor(s / rotation) * DAY + prng.range(0, 2) * HOUR;
    if (t < waveStart) {
      t = waveStart;
      yield t;
    }
    const pharmacy = ctx.site(leg.pharmacyKeys[(s + lot.index) % rotation] ?? '');
    const firstTote = s * leg.totesPerShipment;
    const lastTote = Math.min(firstTote + leg.totesPerShipment, leg.totes);
    const totes: string[] = [];
    for (let j = firstTote; j < lastTote; j++) totes.push(toteId(ctx, lot, leg.toteStart + j));
    ctx.emit(lot, DISTRIBUTOR_MSP, commissionContainersEvent(ctx.stamp(dc, t), [...totes]), t);
    t += prng.range(1, 3) * MINUTE;
    yield t;
    let shippedUnits = 0;
    for (let j = firstTote; j < lastTote; j++) {
      const [start, end] = toteUnitRange(leg, j);
      ctx.emit(
        lot,
        DISTRIBUTOR_MSP,
        packEvent(ctx.stamp(dc, t), totes[j - firstTote] ?? '', ctx.sgtins(lot, start, end)),
        t,
      );
      shippedUnits += end - start;
      t += prng.range(2, 5) * MINUTE;
      yield t;
    }
    const outbound = ship(
      ctx,
      lot,
      DISTRIBUTOR_MSP,
      dc,
      pharmacy,
      totes,
      shippedUnits * lot.drug.spec.unitMassKg + totes.length * totesTare,
      t,
    );
    // Vans that arrive after closing are received the next morning.
    const arrival = withinOpeningHours(
      outbound.arrival,
      pharmacy.offsetMinutes,
      OPENING_HOURS[0] - 1,
      OPENING_HOURS[1] - 1,
    );
    ctx.scheduler.spawn(
      pharmacyDeliveryProcess(ctx, lot, leg, pharmacy, outbound, firstTote, lastTote),
      arrival,
      lot,
    );
    t += prng.range(5, 15) * MINUTE;
    yield t;
  }
}

/** A pharmacy receives a shipment, unpacks its totes and starts dispensing from each. */
function* pharmacyDeliveryProcess(
  ctx: StoryContext,
  lot: LotRun,
  leg: DcLegPlan,
  pharmacy: SiteRuntime,
  delivery: { shipment: Shipment },
  firstTote: number,
  lastTote: number,
): Process {
  let t = ctx.scheduler.now;
  receive(ctx, lot, PHARMACY_MSP, pharmacy, delivery.shipment, t);
  for (let j = firstTote; j < lastTote; j++) {
    t += ctx.prng.range(j === firstTote ? 30 : 1, j === firstTote ? 120 : 3) * MINUTE;
    yield t;
    const [start, end] = toteUnitRange(leg, j);
    const tote = toteId(ctx, lot, leg.toteStart + j);
    ctx.emit(
      lot,
      PHARMACY_MSP,
      unpackEvent(ctx.stamp(pharmacy, t), tote, ctx.sgtins(lot, start, end), 'sellable_accessible'),
      t,
    );
    ctx.scheduler.spawn(dispenseProcess(ctx, lot, leg, pharmacy, j), t, lot);
  }
}

/** Dispenses one tote's units, a prescription at a time, over two to six weeks of opening hours. */
function* dispenseProcess(
  ctx: StoryContext,
  lot: LotRun,
  leg: DcLegPlan,
  pharmacy: SiteRuntime,
  j: number,
): Process {
  const [start, end] = toteUnitRange(leg, j);
  const group = dispenseGroupSize(lot.plan.dispenseSalt, leg.toteStart + j);
  const meanGap = (ctx.prng.range(10, 40) * DAY) / Math.ceil((end - start) / group);
  let t = ctx.scheduler.now;
  for (let u = start; u < end; u += group) {
    // Jittered even spacing, not exponential gaps: a tote with one prescription would otherwise
    // sometimes sit on the shelf for months.
    const gap = meanGap * ctx.prng.range(0.5, 1.5);
    t = withinOpeningHours(t + gap, pharmacy.offsetMinutes, OPENING_HOURS[0], OPENING_HOURS[1]);
    yield t;
    ctx.emit(
      lot,
      PHARMACY_MSP,
      dispenseEvent(ctx.stamp(pharmacy, t), ctx.sgtins(lot, u, Math.min(u + group, end))),
      t,
    );
  }
}

/** Emits a shipping event and its emission record; returns the shipment, route and arrival time. */
function ship(
  ctx: StoryContext,
  lot: LotRun,
  msp: SimulatedMsp,
  from: SiteRuntime,
  to: SiteRuntime,
  epcs: string[],
  massKg: number,
  t: number,
): { shipment: Shipment; route: LegRoute; arrival: number } {
  const { po, desadv } = ctx.tradeDocuments(to, from);
  const trade = tradeReferences(
    po,
    desadv,
    { party: from.party, location: from.sgln },
    { party: to.party, location: to.sgln },
  );
  const stamp = ctx.stamp(from, t);
  ctx.emit(lot, msp, shipEvent(stamp, epcs, trade), t, { shipmentKey: stamp.eventID });
  const distance = greatCircleKm(
    from.spec.latitude,
    from.spec.longitude,
    to.spec.latitude,
    to.spec.longitude,
  );
  const route = routeLeg(ctx.factors, distance, lot.drug.spec.coldChain);
  ctx.emission(msp, stamp.eventID, route, massKg, t);
  // Door to door: air includes trucking to and from the airports; road averages ~60 km/h.
  const hours =
    route.mode === 'air' ? ctx.prng.range(14, 30) : route.distanceKm / 60 + ctx.prng.range(1, 4);
  const shipment = { key: stamp.eventID, from, fromMsp: msp, epcs, trade, departure: t };
  return { shipment, route, arrival: t + hours * HOUR };
}

/** Emits the receipt of a shipment at its destination, with the leg's temperature log. */
function receive(
  ctx: StoryContext,
  lot: LotRun,
  msp: SimulatedMsp,
  at: SiteRuntime,
  shipment: Shipment,
  t: number,
): void {
  const excursion = ctx.prng.chance(ctx.options.excursionRate);
  const readings = legReadings(ctx.prng, shipment.departure, t, lot.drug.spec.coldChain, excursion);
  if (excursion) ctx.summary.excursionLegs++;
  const logger = ctx.loggerId(shipment.fromMsp);
  const sensors = sensorElementList(readings, logger, (time) =>
    formatEventTime(time, at.offsetMinutes, at.offset),
  );
  const event = receiveEvent(ctx.stamp(at, t), shipment.epcs, shipment.trade, sensors);
  ctx.emit(lot, msp, event, t, { receives: { msp: shipment.fromMsp, shipmentKey: shipment.key } });
}

/** The next time the local clock at a site shows `hour`:00 after `t`. */
function nextLocalHour(t: number, offsetMinutes: number, hour: number): number {
  const local = t + offsetMinutes * MINUTE;
  const dayStart = Math.floor(local / DAY) * DAY;
  const candidate = dayStart + hour * HOUR;
  return (candidate > local ? candidate : candidate + DAY) - offsetMinutes * MINUTE;
}
