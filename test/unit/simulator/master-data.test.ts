import { describe, expect, it } from 'vitest';
import { gtinFromNdc, hasValidCheckDigit } from '../../../src/simulator/gs1-identifiers.js';
import {
  generateSupplyChain,
  pickDrugLot,
  pickHeldDrugLot,
  pickHeldIngredientLot,
  pickIngredientLot,
} from '../../../src/simulator/index.js';

describe('master data and footprints', () => {
  const sim = generateSupplyChain({ seed: 'master', targetEvents: 5_000, recallCount: 2 });
  const { organizations, locations, products } = sim.masterData;

  it('has exactly the three peer organisations, with disjoint 7-digit prefixes and PGLN party ids', () => {
    expect(organizations.map((o) => o.mspId)).toEqual([
      'ManufacturerMSP',
      'DistributorMSP',
      'PharmacyMSP',
    ]);
    const prefixes = organizations.flatMap((o) => o.companyPrefixes);
    for (const prefix of prefixes) expect(prefix).toMatch(/^\d{7}$/);
    for (const a of prefixes)
      for (const b of prefixes) if (a !== b) expect(a.startsWith(b)).toBe(false);
    for (const org of organizations) {
      for (const party of org.partyIds) {
        expect(party).toMatch(/^urn:epc:id:pgln:\d{7}\.\d{5}$/);
        expect(org.companyPrefixes).toContain(party.split(':')[4]!.split('.')[0]);
      }
    }
  });

  it('gives every location a unique SGLN of its owner’s prefix, a name, an address and real coordinates', () => {
    expect(new Set(locations.map((l) => l.id)).size).toBe(locations.length);
    for (const location of locations) {
      const org = organizations.find((o) => o.mspId === location.ownerMsp)!;
      expect(location.id).toMatch(/^urn:epc:id:sgln:\d{7}\.\d{5}\.0$/);
      expect(org.companyPrefixes).toContain(location.id.split(':')[4]!.split('.')[0]);
      expect(location.name.length).toBeGreaterThan(5);
      expect(location.address).toMatch(/, [A-Z]{2} \d{5}$/);
      // Continental United States.
      expect(location.latitude).toBeGreaterThan(24);
      expect(location.latitude).toBeLessThan(50);
      expect(location.longitude).toBeGreaterThan(-125);
      expect(location.longitude).toBeLessThan(-66);
    }
    const count = (msp: string): number => locations.filter((l) => l.ownerMsp === msp).length;
    expect(count('DistributorMSP')).toBeGreaterThan(1);
    expect(count('PharmacyMSP')).toBeGreaterThan(5);
  });

  it('describes products with check-digit-valid GTINs derived from their NDCs', () => {
    expect(new Set(products.map((p) => p.gtin)).size).toBe(products.length);
    for (const product of products) {
      expect(product.gtin).toMatch(/^\d{14}$/);
      expect(hasValidCheckDigit(product.gtin)).toBe(true);
      expect(gtinFromNdc(product.ndc!)).toBe(product.gtin);
      expect(product.unitMassKg).toBeGreaterThan(0);
      expect(product.ownerMsp).toBe('ManufacturerMSP');
    }
    expect(products.filter((p) => p.strength !== undefined).length).toBe(5);
  });

  it('submits PACT v3 footprints for every ingredient and each drug’s own production', () => {
    const gtins = new Set(products.map((p) => `urn:gtin:${p.gtin}`));
    expect(sim.footprints).toHaveLength(products.length);
    for (const { msp, role, footprint } of sim.footprints) {
      expect(msp).toBe('ManufacturerMSP');
      expect(footprint.specVersion).toBe('3.0.0');
      expect(footprint.productIds.every((id) => gtins.has(id))).toBe(true);
      expect(footprint.pcfExcludingBiogenicUptake).toBeGreaterThan(0);
      expect(footprint.declaredUnitOfMeasurement).toBe(
        role === 'ingredient' ? 'kilogram' : 'piece',
      );
    }
    // Excipients are declared per tonne, so per-unit conversion matters downstream.
    expect(sim.footprints.some((f) => f.footprint.declaredUnitAmount === 1000)).toBe(true);
  });
});

describe('picking benchmark subjects from the summary', () => {
  const run = generateSupplyChain({ seed: 'pick', targetEvents: 20_000, recallCount: 1 }).run();
  const streamed = [...run.steps].length;
  const summary = run.summary();

  it('picks the smallest unrecalled, finished drug lot with at least N units, else the largest', () => {
    expect(streamed).toBeGreaterThan(100);
    const finished = summary.drugLots.filter((l) => !l.recalled && !l.heldAtDc);
    const lot = pickDrugLot(summary, 50)!;
    expect(lot.units).toBeGreaterThanOrEqual(50);
    expect(lot).toMatchObject({ recalled: false, heldAtDc: false });
    const smaller = finished.filter((l) => l.units >= 50 && l.units < lot.units);
    expect(smaller).toEqual([]);
    const largest = Math.max(...finished.map((l) => l.units));
    expect(pickDrugLot(summary, 1e9)!.units).toBe(largest);
  });

  it('picks an ingredient lot whose drug lots hold at least N units', () => {
    const lot = pickIngredientLot(summary, 200)!;
    expect(lot.downstreamUnits).toBeGreaterThanOrEqual(200);
    const units = summary.drugLots
      .filter((d) => lot.drugLots.includes(d.lotClass))
      .reduce((n, d) => n + d.units, 0);
    expect(units).toBe(lot.downstreamUnits);
  });

  it('picks the ingredient lot with the fewest units at distribution centres still at least N', () => {
    const held = summary.drugLots.filter((d) => d.heldAtDc);
    const heldUnitsOf = (lotClass: string): number =>
      held.filter((d) => d.ingredientLots.includes(lotClass)).reduce((n, d) => n + d.units, 0);
    const counts = summary.ingredientLots.map((l) => heldUnitsOf(l.lotClass));
    const most = Math.max(...counts);
    expect(most).toBeGreaterThan(1);
    // Above every smaller candidate, none with fewer units reaches N.
    const pick = pickHeldIngredientLot(summary, 2)!;
    expect(pick.heldUnits).toBe(heldUnitsOf(pick.lot.lotClass));
    expect(counts.filter((n) => n >= 2 && n < pick.heldUnits)).toEqual([]);
    // None reaches N: the one with the most.
    expect(pickHeldIngredientLot(summary, 1e9)!.heldUnits).toBe(most);
    expect(pickHeldDrugLot(summary)).toMatchObject({ heldAtDc: true, recalled: false });
    expect(pickHeldIngredientLot({ ...summary, drugLots: [] }, 1)).toBeUndefined();
  });
});
