/**
 * Ingredient lots on hand at the manufacturer. A drug lot draws each ingredient from the current
 * lot; when that lot cannot cover the need (with a safety margin), a new lot is commissioned,
 * sized to feed a few more drug lots, so several drug lots share each ingredient lot and lineage
 * queries have forward fan-out to find.
 */
import { gtinFromNdc, lgtinUrn } from './gs1-identifiers.js';
import type { Prng } from './prng.js';
import type { IngredientSpec } from './products.catalog.js';

/** Milligrams per kilogram: stock is counted in whole milligrams so sums stay exact. */
export const MG_PER_KG = 1_000_000;

/**
 * Never plan to draw a lot below this many milligrams (1 g): the contract keeps remaining
 * quantities as floating-point kilograms, and an exact-to-zero draw could fail on rounding.
 */
const SAFETY_MARGIN_MG = 1_000;

/** One ingredient lot and what it has fed so far. */
export interface IngredientLot {
  spec: IngredientSpec;
  gtin: string;
  lotNumber: string;
  lotClass: string;
  quantityMg: number;
  remainingMg: number;
  drugLots: string[];
  downstreamUnits: number;
}

/** One draw of an ingredient for a drug lot. */
export interface IngredientDraw {
  lot: IngredientLot;
  quantityMg: number;
}

/** Kilograms as printed in EPCIS quantities (up to milligram precision). */
export function mgToKg(mg: number): number {
  return mg / MG_PER_KG;
}

/** The current ingredient lots and the counters that number new ones. */
export class IngredientStock {
  private readonly current = new Map<string, IngredientLot>();
  private readonly sequence = new Map<string, number>();
  private readonly all: IngredientLot[] = [];

  constructor(private readonly prng: Prng) {}

  /** How many new lots drawing these needs would commission (nothing is drawn). */
  newLotsNeeded(needs: readonly { spec: IngredientSpec; mg: number }[]): number {
    return needs.filter((need) => !this.covers(this.current.get(need.spec.key), need.mg)).length;
  }

  /**
   * Draws every need, commissioning new lots where the current one falls short; returns the draws
   * and the newly commissioned lots (which the caller must commission before the draws).
   */
  draw(
    needs: readonly { spec: IngredientSpec; mg: number }[],
    yearCode: string,
  ): { draws: IngredientDraw[]; newLots: IngredientLot[] } {
    const draws: IngredientDraw[] = [];
    const newLots: IngredientLot[] = [];
    for (const need of needs) {
      let lot = this.current.get(need.spec.key);
      if (!this.covers(lot, need.mg)) {
        lot = this.commission(need.spec, need.mg, yearCode);
        newLots.push(lot);
      }
      if (!lot) throw new Error('unreachable: no ingredient lot after commissioning');
      lot.remainingMg -= need.mg;
      draws.push({ lot, quantityMg: need.mg });
    }
    return { draws, newLots };
  }

  /** Every ingredient lot commissioned so far, in commissioning order. */
  lots(): readonly IngredientLot[] {
    return this.all;
  }

  private covers(lot: IngredientLot | undefined, mg: number): boolean {
    return lot !== undefined && lot.remainingMg - mg >= SAFETY_MARGIN_MG;
  }

  private commission(spec: IngredientSpec, needMg: number, yearCode: string): IngredientLot {
    // Enough for three to eight drug lots like this one, rounded up to two significant digits.
    const raw = needMg * this.prng.range(3, 8) + 2 * SAFETY_MARGIN_MG;
    const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
    const quantityMg = Math.ceil(raw / magnitude) * magnitude;
    const seq = (this.sequence.get(spec.key) ?? 0) + 1;
    this.sequence.set(spec.key, seq);
    const gtin = gtinFromNdc(spec.ndc);
    const lotNumber = `${spec.lotCode}${yearCode}${String(seq).padStart(4, '0')}`;
    const lot: IngredientLot = {
      spec,
      gtin,
      lotNumber,
      lotClass: lgtinUrn(gtin, 7, lotNumber),
      quantityMg,
      remainingMg: quantityMg,
      drugLots: [],
      downstreamUnits: 0,
    };
    this.current.set(spec.key, lot);
    this.all.push(lot);
    return lot;
  }
}
