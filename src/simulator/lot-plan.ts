/**
 * The structure of one drug lot's journey, decided before any event is rendered: how many units,
 * cases and pallets, which distribution centres get which pallets, how units are put into totes
 * and grouped into dispensings. Everything is index ranges (unit i of the lot, case c, tote j), so
 * a lot costs a few numbers of memory however large it is, and its exact event count is known
 * up front, which is how the run hits its target event count.
 */
import { mix32 } from './prng.js';

/** The part of a lot that goes to one distribution centre. */
export interface DcLegPlan {
  dcKey: string;
  /** Pharmacies this centre serves, in delivery rotation order. */
  pharmacyKeys: readonly string[];
  palletStart: number;
  palletEnd: number;
  caseStart: number;
  caseEnd: number;
  unitStart: number;
  unitEnd: number;
  toteSize: number;
  /** Lot-wide index of this leg's first tote (totes are numbered across legs). */
  toteStart: number;
  totes: number;
  totesPerShipment: number;
  /** Shipments to pharmacies (each carries up to totesPerShipment totes). */
  shipments: number;
  dispenseEvents: number;
}

/** The whole structure of a lot. */
export interface LotPlan {
  units: number;
  caseSize: number;
  cases: number;
  casesPerPallet: number;
  pallets: number;
  /** Cases' worth of units serialised per commissioning event (a line's batch, ~100 units). */
  casesPerCommission: number;
  commissionEvents: number;
  legs: DcLegPlan[];
  /** Salt of the per-tote dispensing group sizes. */
  dispenseSalt: number;
  /**
   * The lot stops at its distribution centres: received there on its pallets, never broken down,
   * delivered or dispensed (the run's last lots: goods still in distribution when it ends).
   */
  heldAtDc: boolean;
  /** Every event of the lot except ingredient commissioning. */
  structuralEvents: number;
}

/** The choices a plan is computed from (the caller draws them from its PRNG). */
export interface LotPlanChoices {
  units: number;
  caseSize: number;
  casesPerPallet: number;
  /** Distribution centres in leg order, each with the pharmacies it serves. */
  dcs: readonly { dcKey: string; pharmacyKeys: readonly string[] }[];
  toteSize: number;
  /** Days over which a distribution centre spreads its deliveries (one per pharmacy per day). */
  deliveryDays: number;
  dispenseSalt: number;
  /** Stop at the distribution centres (LotPlan.heldAtDc); default false. */
  holdAtDc?: boolean;
}

/** Units a line serialises per commissioning event, roughly. */
const UNITS_PER_COMMISSION = 100;

/**
 * Units per dispensing event for a tote: most prescriptions are one pack, some two or three. A
 * hash of (salt, tote) rather than the PRNG, so planning and rendering agree without storing it.
 */
export function dispenseGroupSize(salt: number, tote: number): number {
  const h = mix32((salt ^ Math.imul(tote + 1, 0x9e3779b1)) >>> 0) % 100;
  return h < 75 ? 1 : h < 95 ? 2 : 3;
}

/** Builds a lot plan and counts its events; legs beyond the pallet count are dropped. */
export function planLot(choices: LotPlanChoices): LotPlan {
  const { units, caseSize, casesPerPallet } = choices;
  if (!(units >= 1) || !Number.isInteger(units))
    throw new RangeError(`units must be a positive integer: ${units}`);
  const cases = Math.ceil(units / caseSize);
  const pallets = Math.ceil(cases / casesPerPallet);
  const casesPerCommission = Math.max(1, Math.round(UNITS_PER_COMMISSION / caseSize));
  const commissionEvents = Math.ceil(cases / casesPerCommission);
  const dcs = choices.dcs.slice(0, Math.max(1, Math.min(pallets, choices.dcs.length)));

  const legs: DcLegPlan[] = [];
  let toteStart = 0;
  // Transformation, container labels (one commissioning of all case and pallet SSCCs), unit
  // commissioning, case and pallet packing.
  let structuralEvents = 1 + 1 + commissionEvents + cases + pallets;
  dcs.forEach((dc, i) => {
    const palletStart = Math.floor((i * pallets) / dcs.length);
    const palletEnd = Math.floor(((i + 1) * pallets) / dcs.length);
    const caseStart = palletStart * casesPerPallet;
    const caseEnd = Math.min(palletEnd * casesPerPallet, cases);
    const unitStart = caseStart * caseSize;
    const unitEnd = Math.min(caseEnd * caseSize, units);
    const held = choices.holdAtDc === true;
    const totes = held ? 0 : Math.ceil((unitEnd - unitStart) / choices.toteSize);
    // Enough totes per shipment that every pharmacy is served within the delivery days.
    const totesPerShipment = Math.max(
      1,
      Math.ceil(totes / (choices.deliveryDays * Math.max(1, dc.pharmacyKeys.length))),
    );
    const shipments = Math.ceil(totes / totesPerShipment);
    let dispenseEvents = 0;
    for (let j = 0; j < totes; j++) {
      const size = Math.min(choices.toteSize, unitEnd - unitStart - j * choices.toteSize);
      dispenseEvents += Math.ceil(size / dispenseGroupSize(choices.dispenseSalt, toteStart + j));
    }
    const leg: DcLegPlan = {
      dcKey: dc.dcKey,
      pharmacyKeys: dc.pharmacyKeys,
      palletStart,
      palletEnd,
      caseStart,
      caseEnd,
      unitStart,
      unitEnd,
      toteSize: choices.toteSize,
      toteStart,
      totes,
      totesPerShipment,
      shipments,
      dispenseEvents,
    };
    legs.push(leg);
    toteStart += totes;
    // ship + receive, unpack pallets and cases, per pharmacy shipment: commission its tote
    // SSCCs, pack totes, ship + receive; unpack totes at the pharmacy, dispense. A held lot: ship
    // and receive only.
    structuralEvents += held
      ? 2
      : 2 +
        (palletEnd - palletStart) +
        (caseEnd - caseStart) +
        3 * shipments +
        2 * totes +
        dispenseEvents;
  });

  return {
    units,
    caseSize,
    cases,
    casesPerPallet,
    pallets,
    casesPerCommission,
    commissionEvents,
    legs,
    dispenseSalt: choices.dispenseSalt,
    heldAtDc: choices.holdAtDc === true,
    structuralEvents,
  };
}

/** The unit index range [start, end) of tote j (leg-local) of a leg. */
export function toteUnitRange(leg: DcLegPlan, j: number): [number, number] {
  const start = leg.unitStart + j * leg.toteSize;
  return [start, Math.min(start + leg.toteSize, leg.unitEnd)];
}

/**
 * A unit count, at most the chosen one, whose plan fits in a budget of events (keeping the other
 * choices); 0 when not even one unit fits. Events do not grow strictly with units (dispensing
 * groups vary per tote), so this is the first fit stepping down, not always the largest.
 */
export function unitsWithinBudget(choices: LotPlanChoices, budget: number): number {
  let units = choices.units;
  let events = planLot({ ...choices, units }).structuralEvents;
  while (units > 1 && events > budget) {
    // Events grow about linearly with units: jump proportionally, then step down to be exact.
    const next = Math.min(units - 1, Math.max(1, Math.floor((units * budget) / events)));
    units = next;
    events = planLot({ ...choices, units }).structuralEvents;
  }
  return events <= budget ? units : 0;
}
