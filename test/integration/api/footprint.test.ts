import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  graphApi,
  ID,
  MADE,
  ORG,
  loadGraphStory,
  roadEmission,
  runSerialOutputs,
  transformation,
  type GraphStory,
  withStoryDatabase,
} from '../../support/graph-fixture.js';

const FOOTPRINT = `query ($lot: String!) {
  footprint(lot: $lot) {
    lot producedQuantity uom totalKgCo2e perUnitKgCo2e downstreamTransportKgCo2e complete
    byStage { stage kgCo2e } byOrganization { organization kgCo2e } byCategory { category kgCo2e }
    inputs { input into depth quantity uom kgCo2e eventId txId blockNumber }
    contributions { stage category organization subject quantity uom kgCo2e source footprintId specVersion declaredUnit
      convertedFromV2 emissionId legEventId mode distanceKm legMassKg allocatedMassKg factorId factorValue factorSource
      factorVersion scope txId blockNumber }
    missing { kind subject stage eventId detail }
  }
}`;

// Hand computation from the fixture's records:
//   own production: drug footprint 0.5 kg CO2e per piece × 6 produced                  =   3
//   inputs: API-001 footprint 2 kg CO2e per kg; a drum is 25 kg: 2 drums × 25 × 2       = 100
//   inbound transport: drums' leg 50 kg × 300 km × 0.0829 kg/t-km = 1.2435, the drums
//     are all of its 50 kg, half each                                                  =   1.2435
//   excipient EXC-1 (10 kg used): no footprint → flagged, not counted
//   downstream (category 9, outside the total): pallet leg 10 kg × 420 km × 0.0829 = 0.34818,
//     the lot's 6 units × 0.5 kg = 3 kg of it → 0.34818 × 3 / 10                        =   0.104454
//     case legs to the pharmacy: no emission → flagged
const OWN = 6 * 0.5;
const INPUTS = 2 * 25 * 2;
const DRUM_LEG = (50 / 1000) * 300 * 0.0829;
const PALLET_LEG = (10 / 1000) * 420 * 0.0829;
const TOTAL = OWN + INPUTS + DRUM_LEG;

let database: TestDatabase;
let story: GraphStory;
let run: Awaited<ReturnType<typeof graphApi>>;

beforeAll(async () => {
  database = await freshDatabase('footprint');
  story = await loadGraphStory(database.db);
  run = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const footprint = async (lot: string): Promise<any> => {
  const answer = await run(FOOTPRINT, { lot });
  expect(answer.errors).toBeUndefined();
  return answer.data.footprint;
};
const byKey = (rows: any[], key: string): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [String(r[key]), r.kgCo2e]));
const tx = (label: string): { txId: string; blockNumber: number } => {
  const t = story.tx.get(label)!;
  return { txId: t.txId, blockNumber: Number(t.blockNumber) };
};

describe('footprint over the real projector and store', () => {
  it('rolls the drug lot up cradle-to-gate, per unit and in total', async () => {
    const f = await footprint(ID.drugLot);
    expect([f.lot, f.producedQuantity, f.uom, f.complete]).toEqual([ID.drugLot, 6, null, false]);
    expect(f.totalKgCo2e).toBeCloseTo(TOTAL, 9);
    expect(f.perUnitKgCo2e).toBeCloseTo(TOTAL / 6, 9);
    expect(f.downstreamTransportKgCo2e).toBeCloseTo(PALLET_LEG * (3 / 10), 9);
  });

  it('breaks it down by stage, organisation and scope 3 category', async () => {
    const f = await footprint(ID.drugLot);
    const stages = byKey(f.byStage, 'stage');
    expect(Object.keys(stages).sort()).toEqual([
      'DOWNSTREAM_TRANSPORT',
      'INBOUND_TRANSPORT',
      'INPUTS',
      'OWN_PRODUCTION',
    ]);
    expect(stages.OWN_PRODUCTION).toBeCloseTo(OWN, 9);
    expect(stages.INPUTS).toBeCloseTo(INPUTS, 9);
    expect(stages.INBOUND_TRANSPORT).toBeCloseTo(DRUM_LEG, 9);
    expect(stages.DOWNSTREAM_TRANSPORT).toBeCloseTo(PALLET_LEG * 0.3, 9);
    const orgs = byKey(f.byOrganization, 'organization');
    expect(Object.keys(orgs)).toEqual([ORG.manufacturer.msp, ORG.supplier.msp]);
    expect(orgs[ORG.manufacturer.msp]).toBeCloseTo(OWN, 9);
    expect(orgs[ORG.supplier.msp]).toBeCloseTo(INPUTS + DRUM_LEG, 9);
    const categories = byKey(f.byCategory, 'category');
    expect(Object.keys(categories).sort()).toEqual(['1', '4', '9', 'null']);
    expect(categories['1']).toBeCloseTo(INPUTS, 9);
    expect(categories['4']).toBeCloseTo(DRUM_LEG, 9);
    expect(categories['9']).toBeCloseTo(PALLET_LEG * 0.3, 9);
    expect(categories.null).toBeCloseTo(OWN, 9);
  });

  it('lists the contributing inputs: each drum = its footprint plus its share of the leg', async () => {
    const f = await footprint(ID.drugLot);
    const inputs = Object.fromEntries(f.inputs.map((i: any): [string, unknown] => [i.input, i]));
    expect(Object.keys(inputs).sort()).toEqual([ID.excipientLot, ID.drum(1), ID.drum(2)].sort());
    for (const drum of [ID.drum(1), ID.drum(2)]) {
      expect(inputs[drum]).toMatchObject({
        into: ID.drugLot,
        depth: 1,
        quantity: 1,
        uom: null,
        eventId: story.event('transform'),
        ...tx('transform'),
      });
      expect(inputs[drum].kgCo2e).toBeCloseTo(50 + DRUM_LEG / 2, 9);
    }
    expect(inputs[ID.excipientLot]).toMatchObject({ quantity: 10, uom: 'KGM', kgCo2e: 0 });
  });

  it('keeps each number with its source record: PACT footprint or GLEC factor, version and scope', async () => {
    const f = await footprint(ID.drugLot);
    const ingredient = f.contributions.filter((c: any) => c.footprintId === 'pcf-ingredient');
    expect(ingredient).toHaveLength(2);
    expect(ingredient[0]).toMatchObject({
      stage: 'INPUTS',
      category: 1,
      organization: ORG.supplier.msp,
      subject: ID.ingredientLot,
      quantity: 1,
      source: 'PACT',
      specVersion: '3.0.0',
      declaredUnit: 'kilogram',
      convertedFromV2: false,
      kgCo2e: 50,
      emissionId: null,
      ...tx('pcf-ingredient'),
    });
    const leg = f.contributions.find(
      (c: any) => c.emissionId === 'em-drums' && c.subject === ID.drum(1),
    );
    expect(leg).toMatchObject({
      stage: 'INBOUND_TRANSPORT',
      category: 4,
      organization: ORG.supplier.msp,
      source: 'GLEC',
      legEventId: story.event('ship-drums'),
      mode: 'road',
      distanceKm: 300,
      legMassKg: 50,
      allocatedMassKg: 25,
      factorId: 'glec-road-artic-reefer-cng',
      factorValue: 0.0829,
      factorSource: 'GLEC Framework (example value from DOMAIN.md)',
      factorVersion: 'v2',
      scope: 'WTW',
      footprintId: null,
      ...tx('emission-drums'),
    });
    expect(leg.kgCo2e).toBeCloseTo(DRUM_LEG / 2, 9);
    expect(f.contributions.find((c: any) => c.footprintId === 'pcf-drug')).toMatchObject({
      stage: 'OWN_PRODUCTION',
      category: null,
      organization: ORG.manufacturer.msp,
      quantity: 6,
      kgCo2e: 3,
      ...tx('pcf-drug'),
    });
  });

  it('flags missing data instead of counting it as zero', async () => {
    const f = await footprint(ID.drugLot);
    expect(
      f.missing.map((m: any): unknown[] => [m.kind, m.subject, m.stage, m.eventId] as unknown[]),
    ).toEqual([
      ['LOT_WITHOUT_FOOTPRINT', ID.excipientLot, 'INPUTS', null],
      ['LEG_WITHOUT_EMISSION', ID.drugLot, 'DOWNSTREAM_TRANSPORT', story.event('ship-case1')],
      ['LEG_WITHOUT_EMISSION', ID.drugLot, 'DOWNSTREAM_TRANSPORT', story.event('ship-case2')],
    ]);
    expect(f.missing[0].detail).toMatch(/10 KGM attributed/);
  });

  it('gives the ingredient lot its declared footprint and its leg as downstream transport, complete', async () => {
    const f = await footprint(ID.ingredientLot);
    expect([f.producedQuantity, f.totalKgCo2e, f.perUnitKgCo2e, f.complete, f.missing]).toEqual([
      4,
      200,
      50,
      true,
      [],
    ]);
    expect(f.downstreamTransportKgCo2e).toBeCloseTo(DRUM_LEG, 9);
    expect(byKey(f.byStage, 'stage').OWN_PRODUCTION).toBe(200);
  });

  it('reports a lot with no data at all as incomplete, never as a zero footprint', async () => {
    const f = await footprint(ID.otherLot);
    expect([f.totalKgCo2e, f.complete]).toEqual([0, false]);
    expect(f.missing.map((m: any): string => String(m.kind)).sort()).toEqual([
      'LEG_WITHOUT_EMISSION',
      'LOT_WITHOUT_FOOTPRINT',
    ]);
  });

  it('answers NOT_FOUND for a lot the mirror does not hold', async () => {
    const answer = await run(FOOTPRINT, { lot: 'urn:epc:class:lgtin:0614141.012345.NOPE' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('footprint of co-products, of inputs counted in another unit, of legs recorded twice', () => {
  it("charges co-products their share, reads input quantities in the input's unit, counts a leg once", async () => {
    await withStoryDatabase('footprint_coproducts', async ({ rec, events, api, flush }) => {
      // The receiver records the drums' leg again, tank-to-wheel and twice the figure: the leg
      // still counts once, with the shipper's well-to-wheel record.
      await rec.invoke(
        'emission-drums-again',
        'RecordEmission',
        {
          ...roadEmission(events.get('ship-drums') ?? '', 300, 50, 'em-drums-ttw'),
          scope: 'TTW',
          factorValue: 0.1658,
        },
        { mspId: ORG.manufacturer.msp },
      );
      // The supplier splits its drum 3 (25 kg of API-001 at 2 kg CO2e per kg = 50) into two
      // lots of an unregistered GTIN, 6 and 2 of them: 3/4 and 1/4 of the inputs.
      const coProduct = (n: number): string => `urn:epc:class:lgtin:0777777.088888.CP-${n}`;
      await rec.capture(
        'split-drum',
        'supplier',
        transformation(
          30,
          { inputEPCList: [ID.drum(3)] },
          [
            { epcClass: coProduct(1), quantity: 6 },
            { epcClass: coProduct(2), quantity: 2 },
          ],
          'supplier',
        ),
      );
      // 50 KGM of API-001, a lot counted in drums of 25 kg: 2 drums, 100 kg CO2e (not 50 drums).
      await rec.capture(
        'kilograms-of-drums',
        'supplier',
        transformation(
          31,
          {
            inputQuantityList: [{ epcClass: ID.ingredientLot, quantity: 50, uom: 'KGM' }],
          },
          [{ epcClass: coProduct(3), quantity: 1 }],
          'supplier',
        ),
      );
      await flush();
      const inputsOf = async (lot: string): Promise<number> => {
        const answer = await api(FOOTPRINT, { lot });
        expect(answer.errors).toBeUndefined();
        return byKey(answer.data.footprint.byStage, 'stage').INPUTS ?? 0;
      };
      expect(await inputsOf(coProduct(1))).toBeCloseTo(50 * 0.75, 9);
      expect(await inputsOf(coProduct(2))).toBeCloseTo(50 * 0.25, 9);
      expect(await inputsOf(coProduct(3))).toBeCloseTo(2 * 25 * 2, 9);
      const drug = await api(FOOTPRINT, { lot: ID.drugLot });
      expect(byKey(drug.data.footprint.byStage, 'stage').INBOUND_TRANSPORT).toBeCloseTo(
        DRUM_LEG,
        9,
      );
    });
  });
});

describe('footprint of a lot made as serialised outputs', () => {
  it('rolls up the inputs of the transformations that made its serials', async () => {
    await withStoryDatabase('footprint_serial_outputs', async ({ rec, api, flush }) => {
      // Drum 3 (25 kg of API-001 at 2 kg CO2e per kg = 50) made serials 1-4 of SER-1; drum 4
      // made serials 5-6 and two of another product's SER-1, which takes half of that run.
      await runSerialOutputs(rec);
      const { lot, otherLot } = MADE;
      await flush();
      const answer = await api(FOOTPRINT, { lot });
      expect(answer.errors).toBeUndefined();
      const f = answer.data.footprint;
      expect(f.producedQuantity).toBe(6);
      expect(byKey(f.byStage, 'stage').INPUTS).toBeCloseTo(75, 9);
      expect(f.totalKgCo2e).toBeCloseTo(75, 9);
      expect(f.perUnitKgCo2e).toBeCloseTo(75 / 6, 9);
      expect(
        f.inputs
          .map((i: any): unknown[] => [i.input, i.into, i.depth, i.quantity, i.kgCo2e] as unknown[])
          .sort(),
      ).toEqual([
        [ID.drum(3), lot, 1, 1, 50],
        [ID.drum(4), lot, 1, 0.5, 25],
      ]);
      // The lot's own production has no PACT footprint: flagged, not zero.
      expect(f.missing.map((m: any): unknown[] => [m.kind, m.subject] as unknown[])).toContainEqual(
        ['LOT_WITHOUT_FOOTPRINT', lot],
      );
      const second = await api(FOOTPRINT, { lot: otherLot });
      expect(second.errors).toBeUndefined();
      expect(second.data.footprint.totalKgCo2e).toBeCloseTo(25, 9);
    });
  });
});
