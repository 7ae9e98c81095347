/**
 * Counts what a run produced, so a benchmark can report what it loaded, and lists the lots, so it
 * can pick recall subjects (a drug lot with many units, an ingredient lot with a wide downstream).
 */
import { isoUtc } from './epcis-time.js';
import type { IngredientLot } from './ingredient-stock.js';
import type {
  DrugLotInfo,
  EpcisEvent,
  IngredientLotInfo,
  SimulationSummary,
} from './simulation.types.js';

/** Accumulates counters while a run streams; `snapshot()` copies them out. */
export class SummaryCollector {
  events = 0;
  emissions = 0;
  recalls = 0;
  excursionLegs = 0;
  co2eKg = 0;
  serialisedUnits = 0;
  readonly byEventType: Record<string, number> = {};
  readonly byBizStep: Record<string, number> = {};
  readonly byMsp: Record<string, number> = {};
  readonly drugLots: DrugLotInfo[] = [];
  private firstTime: number | undefined;
  private lastTime: number | undefined;

  /** Counts one event. */
  recordEvent(msp: string, event: EpcisEvent, time: number): void {
    this.events++;
    increment(this.byEventType, event.type);
    increment(this.byBizStep, typeof event.bizStep === 'string' ? event.bizStep : '(none)');
    increment(this.byMsp, msp);
    this.firstTime ??= time;
    this.lastTime = time;
  }

  /** A copy of the counters, with ingredient lots as the stock holds them now. */
  snapshot(documents: number, ingredientLots: readonly IngredientLot[]): SimulationSummary {
    return {
      events: this.events,
      documents,
      emissions: this.emissions,
      recalls: this.recalls,
      byEventType: { ...this.byEventType },
      byBizStep: { ...this.byBizStep },
      byMsp: { ...this.byMsp },
      excursionLegs: this.excursionLegs,
      co2eKg: Math.round(this.co2eKg * 1000) / 1000,
      serialisedUnits: this.serialisedUnits,
      drugLots: this.drugLots.map((lot) => ({ ...lot, ingredientLots: [...lot.ingredientLots] })),
      ingredientLots: ingredientLots.map((lot): IngredientLotInfo => ({
        lotClass: lot.lotClass,
        gtin: lot.gtin,
        quantityKg: lot.quantityMg / 1_000_000,
        drugLots: [...lot.drugLots],
        downstreamUnits: lot.downstreamUnits,
      })),
      ...(this.firstTime === undefined ? {} : { firstEventTime: isoUtc(this.firstTime) }),
      ...(this.lastTime === undefined ? {} : { lastEventTime: isoUtc(this.lastTime) }),
    };
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * The smallest drug lot with at least `minUnits` serialised units (not recalled unless
 * `includeRecalled`, and not held at its distribution centres: its whole journey is on the
 * ledger), or the largest one when none is that big; undefined for an empty run.
 */
export function pickDrugLot(
  summary: SimulationSummary,
  minUnits: number,
  includeRecalled = false,
): DrugLotInfo | undefined {
  const candidates = summary.drugLots.filter(
    (lot) => !lot.heldAtDc && (includeRecalled || !lot.recalled),
  );
  const bigEnough = candidates
    .filter((lot) => lot.units >= minUnits)
    .sort((a, b) => a.units - b.units);
  return bigEnough[0] ?? [...candidates].sort((a, b) => b.units - a.units)[0];
}

/**
 * The ingredient lot with the fewest downstream units still at least `minUnits` (or the widest
 * one when none reaches it): a recall of it spans several drug lots.
 */
export function pickIngredientLot(
  summary: SimulationSummary,
  minUnits: number,
): IngredientLotInfo | undefined {
  const sorted = [...summary.ingredientLots].sort((a, b) => a.downstreamUnits - b.downstreamUnits);
  return sorted.find((lot) => lot.downstreamUnits >= minUnits) ?? sorted[sorted.length - 1];
}

/**
 * The ingredient lot with the fewest units still at distribution centres downstream (units of
 * held drug lots made from it, `heldUnits`) still at least `minHeldUnits`, else the one with the
 * most; undefined when no lot was held. A recall of it finds its goods in cases on pallets now.
 */
export function pickHeldIngredientLot(
  summary: SimulationSummary,
  minHeldUnits: number,
): { lot: IngredientLotInfo; heldUnits: number } | undefined {
  const held = summary.drugLots.filter((lot) => lot.heldAtDc);
  const candidates = summary.ingredientLots
    .map((lot) => ({
      lot,
      heldUnits: held
        .filter((drug) => drug.ingredientLots.includes(lot.lotClass))
        .reduce((n, drug) => n + drug.units, 0),
    }))
    .filter((c) => c.heldUnits > 0)
    .sort((a, b) => a.heldUnits - b.heldUnits);
  return candidates.find((c) => c.heldUnits >= minHeldUnits) ?? candidates[candidates.length - 1];
}

/** The largest drug lot still at its distribution centres and not recalled, if any. */
export function pickHeldDrugLot(summary: SimulationSummary): DrugLotInfo | undefined {
  return summary.drugLots
    .filter((lot) => lot.heldAtDc && !lot.recalled)
    .sort((a, b) => b.units - a.units)[0];
}
