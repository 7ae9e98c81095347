import { describe, expect, it } from 'vitest';
import {
  greatCircleKm,
  legCo2eKg,
  loadGlecFactors,
  routeLeg,
} from '../../../src/simulator/glec-factors.js';
import { generateSupplyChain } from '../../../src/simulator/index.js';
import {
  DRUG_PRODUCTS,
  PALLET_TARE_KG,
  TOTE_TARE_KG,
} from '../../../src/simulator/products.catalog.js';
import { gtinFromNdc } from '../../../src/simulator/gs1-identifiers.js';
import { gtinOfEpc } from './epcis-structure.js';

describe('GLEC factor table (data/glec-factors.json)', () => {
  const table = loadGlecFactors();

  it('holds the DOMAIN.md example intensities with scope, source and version', () => {
    const byId = new Map(table.factors.map((f) => [f.id, f]));
    expect(byId.get('glec-road-artic-reefer-cng')).toMatchObject({
      mode: 'road',
      value: 0.0829,
      scope: 'WTW',
      version: 'v2',
    });
    expect(byId.get('glec-air-freighter-over-1500km')).toMatchObject({
      mode: 'air',
      value: 0.498,
      scope: 'TTW',
      version: 'v3.0',
    });
    expect(byId.get('glec-sea-bulk-carrier')).toMatchObject({
      mode: 'sea',
      value: 0.0054,
      scope: 'TTW',
      version: 'v3.0',
    });
    const artic = byId.get('glec-road-artic-34-40t-diesel');
    expect(artic?.value).toBeGreaterThanOrEqual(0.06);
    expect(artic?.value).toBeLessThanOrEqual(0.09);
    for (const f of table.factors) expect(f.source).toMatch(/GLEC Framework .*DOMAIN\.md/);
    expect(table.provenance).toContain(
      'GLEC Framework v3.0 as transcribed by public factor databases; example values from DOMAIN.md',
    );
  });

  it('routes by the selection rule and adjusts distance per mode', () => {
    const road = routeLeg(table, 1000, false);
    expect(road).toMatchObject({ mode: 'road', distanceKm: 1200 });
    expect(road.factor.id).toBe('glec-road-artic-34-40t-diesel');
    expect(routeLeg(table, 1000, true).factor.id).toBe('glec-road-artic-reefer-cng');
    expect(routeLeg(table, 2000, true)).toMatchObject({ mode: 'air', distanceKm: 2095 });
  });

  it('computes great-circle distances between real cities', () => {
    // Durham NC to Columbus OH: about 610 km as the crow flies.
    expect(greatCircleKm(35.8992, -78.8636, 39.9612, -82.9988)).toBeGreaterThan(560);
    expect(greatCircleKm(35.8992, -78.8636, 39.9612, -82.9988)).toBeLessThan(660);
    expect(legCo2eKg(2000, 500, 0.1)).toBeCloseTo(100, 9);
  });

  it('refuses a table whose selection names a missing factor', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'glec-')), 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ ...table, selection: { ...table.selection, coldChainAir: 'nope' } }),
    );
    expect(() => loadGlecFactors(file)).toThrow(/unknown factor nope/);
  });
});

describe('emission records of a run', () => {
  const sim = generateSupplyChain({ seed: 'emissions', targetEvents: 6_000 });
  const run = sim.run();
  const steps = [...run.steps];
  const locations = new Map(sim.masterData.locations.map((l) => [l.id, l]));
  const events = new Map(
    steps
      .flatMap((s) => (s.kind === 'capture' ? s.document.epcisBody.eventList : []))
      .map((e) => [e.eventID, e]),
  );
  const emissions = steps.flatMap((s) => (s.kind === 'emission' ? [s.emission] : []));
  const factors = new Map(sim.factors.factors.map((f) => [f.id, f]));

  it('has one record per shipping event, copying its factor with provenance', () => {
    expect(emissions.length).toBe(
      [...events.values()].filter((e) => e.bizStep === 'shipping').length,
    );
    expect(new Set(emissions.map((e) => e.emissionId)).size).toBe(emissions.length);
    for (const emission of emissions) {
      const factor = factors.get(emission.factorId)!;
      expect(emission).toMatchObject({
        mode: factor.mode,
        factorValue: factor.value,
        factorSource: factor.source,
        factorVersion: factor.version,
        scope: factor.scope,
      });
    }
    expect(new Set(emissions.map((e) => e.mode))).toEqual(new Set(['road', 'air']));
  });

  it('measures distance from the shipment source to its destination location', () => {
    for (const emission of emissions) {
      const ship = events.get(emission.eventId)!;
      const from = locations.get(
        (ship.sourceList as { type: string; source: string }[]).find((s) => s.type === 'location')!
          .source,
      )!;
      const to = locations.get(
        (ship.destinationList as { type: string; destination: string }[]).find(
          (d) => d.type === 'location',
        )!.destination,
      )!;
      const expected = routeLeg(
        sim.factors,
        greatCircleKm(from.latitude!, from.longitude!, to.latitude!, to.longitude!),
        emission.factorId !== 'glec-road-artic-34-40t-diesel',
      );
      expect(emission.distanceKm).toBeCloseTo(expected.distanceKm, 1);
    }
  });

  it('weighs units plus packaging', () => {
    // Rebuild container contents from the aggregation events, then weigh each shipment.
    const children = new Map<string, string[]>();
    for (const e of events.values())
      if (e.type === 'AggregationEvent' && e.action === 'ADD')
        children.set(e.parentID as string, e.childEPCs as string[]);
    const productOf = new Map(DRUG_PRODUCTS.map((p) => [gtinFromNdc(p.ndc), p]));
    for (const emission of emissions.slice(0, 300)) {
      const ship = events.get(emission.eventId)!;
      let mass = 0;
      const weigh = (epc: string): void => {
        const inner = children.get(epc);
        if (!inner) {
          mass += productOf.get(gtinOfEpc(epc)!)!.unitMassKg;
          return;
        }
        const product = productOf.get(gtinOfEpc(firstUnit(epc))!)!;
        // Pallets hold cases (tare 25 kg); cases hold units (case tare); totes hold units (tote tare).
        const isPallet = children.has(inner[0]!);
        const isTote = epc.includes(':0614141.');
        mass += isPallet
          ? PALLET_TARE_KG
          : isTote
            ? product.coldChain
              ? TOTE_TARE_KG.coldChain
              : TOTE_TARE_KG.ambient
            : product.caseTareKg;
        for (const child of inner) weigh(child);
      };
      const firstUnit = (epc: string): string =>
        children.has(epc) ? firstUnit(children.get(epc)![0]!) : epc;
      for (const epc of ship.epcList as string[]) weigh(epc);
      expect(emission.massKg).toBeCloseTo(mass, 3);
    }
  });

  it('adds up in the summary as tonne-km times factor', () => {
    const total = emissions.reduce(
      (sum, e) => sum + legCo2eKg(e.massKg, e.distanceKm, e.factorValue),
      0,
    );
    expect(run.summary().co2eKg).toBeCloseTo(total, 2);
    expect(total).toBeGreaterThan(0);
  });
});
