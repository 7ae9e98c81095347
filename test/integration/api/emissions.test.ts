import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupEmissions } from '../../../src/db/emissions.queries.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  aggregate,
  commission,
  GTIN,
  graphApi,
  ID,
  LedgerRecorder,
  ORG,
  roadEmission,
  runGraphStory,
  ship,
  type GraphAnswer,
  type StoryEvents,
  withStoryDatabase,
} from '../../support/graph-fixture.js';

// The graph story (road legs: drums 300 km × 50 kg, pallet 420 km × 10 kg) through the real
// contract and indexer, plus: a case mixing 2 drug units (0.5 kg) with 3 other units (0.2 kg)
// shipped with a 100 km × 10 kg road leg; an air leg (TTW, v3.0) for the other chain's case; and a
// leg whose shipping event is then declared erroneous.
const MIXED_CASE = 'urn:epc:id:sscc:0614141.1000000005';
const WRONG_SHIP = 'urn:uuid:3b1d6c0e-7a52-4f0e-9d8c-5e2a1f4b6c70';
let database: TestDatabase;
let api: Awaited<ReturnType<typeof graphApi>>;
let rec: LedgerRecorder;
let events: StoryEvents;

beforeAll(async () => {
  database = await freshDatabase('api_emissions');
  rec = await LedgerRecorder.create();
  events = await runGraphStory(rec);
  const M = { mspId: ORG.manufacturer.msp };
  await rec.capture(
    'commission-b',
    'manufacturer',
    commission(30, [7, 8].map(ID.unit), 'LOT-B', 'manufacturer'),
  );
  await rec.capture(
    'commission-y',
    'manufacturer',
    commission(30, [3, 4, 5].map(ID.otherUnit), 'LOT-Y', 'manufacturer'),
  );
  await rec.capture(
    'pack-mixed',
    'manufacturer',
    aggregate(
      31,
      'ADD',
      MIXED_CASE,
      [ID.unit(7), ID.unit(8), ...[3, 4, 5].map(ID.otherUnit)],
      'manufacturer',
    ),
  );
  const mixed = (await rec.capture(
    'ship-mixed',
    'manufacturer',
    ship(32, [MIXED_CASE], 'manufacturer', 'distributor'),
  )) as { events: { eventId: string }[] };
  await rec.invoke(
    'emission-mixed',
    'RecordEmission',
    roadEmission(mixed.events[0]!.eventId, 100, 10, 'em-mixed'),
    M,
  );
  await rec.invoke(
    'emission-air',
    'RecordEmission',
    {
      emissionId: 'em-air',
      eventId: events.get('ship-other'),
      mode: 'air',
      distanceKm: 1600,
      massKg: 5,
      factorId: 'glec-air-freighter-1500',
      factorValue: 0.498,
      factorSource: 'GLEC Framework (example value from DOMAIN.md)',
      factorVersion: 'v3.0',
      scope: 'TTW',
    },
    M,
  );
  const wrong = {
    ...ship(40, [ID.drum(3), ID.drum(4)], 'supplier', 'manufacturer'),
    eventID: WRONG_SHIP,
  };
  await rec.capture('wrong-ship', 'supplier', wrong);
  await rec.invoke(
    'emission-wrong',
    'RecordEmission',
    roadEmission(WRONG_SHIP, 999, 99, 'em-wrong'),
    { mspId: ORG.supplier.msp },
  );
  await rec.capture('declare-wrong', 'supplier', {
    ...wrong,
    errorDeclaration: { declarationTime: '2026-03-01T09:00:00.000Z', reason: 'did_not_occur' },
  });
  await rec.flush(database.db);
  api = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const ok = (answer: GraphAnswer): any => {
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
};
const ROW =
  'organization product mode scope3Category period scope factorSource factorVersion co2eKg tonneKm legs txIds txCount lastBlockNumber';
async function rollUp(args: string, role: 'analyst' = 'analyst'): Promise<any> {
  return ok(await api(`{ emissions(${args}) { totalCount nodes { ${ROW} } } }`, {}, role)).emissions
    .nodes;
}
const txOf = (label: string): string => rec.tx.get(label)!.txId;
const pick = (rows: any[], keys: string[]) =>
  rows.map((r) =>
    Object.fromEntries(
      keys.map((k) => [k, typeof r[k] === 'number' ? Number(r[k].toFixed(5)) : r[k]]),
    ),
  );

describe('emissions roll-ups', () => {
  it('never adds WTW to TTW: the grand total is one row per factor scope, source and version', async () => {
    const rows = await rollUp('groupBy: []');
    expect(
      pick(rows, [
        'scope',
        'factorVersion',
        'co2eKg',
        'tonneKm',
        'legs',
        'organization',
        'product',
      ]),
    ).toEqual([
      {
        scope: 'TTW',
        factorVersion: 'v3.0',
        co2eKg: 3.984,
        tonneKm: 8,
        legs: 1,
        organization: null,
        product: null,
      },
      {
        scope: 'WTW',
        factorVersion: 'v2',
        co2eKg: 1.67458,
        tonneKm: 20.2,
        legs: 3,
        organization: null,
        product: null,
      },
    ]);
    const wtwTxIds = [
      txOf('emission-drums'),
      txOf('emission-pallet'),
      txOf('emission-mixed'),
    ].sort();
    expect(rows[1].txIds).toEqual(wtwTxIds);
    expect(rows[1].txCount).toBe(3);
    // A row lists at most maxTxIds of them, the first by id, and still counts them all.
    const capped = await groupEmissions(
      database.db,
      [],
      {},
      ORG.manufacturer.msp,
      { first: 10, offset: 0 },
      2,
    );
    expect(capped.rows.find((r) => r.scope === 'WTW')).toMatchObject({
      txIds: wtwTxIds.slice(0, 2),
      txCount: 3,
    });
    expect(rows[0].lastBlockNumber).toBe(Number(rec.tx.get('emission-air')!.blockNumber));
  });

  it('splits a leg over the products it moved by mass, and product rows add up to the total', async () => {
    const rows = await rollUp('groupBy: [PRODUCT]');
    expect(pick(rows, ['product', 'scope', 'co2eKg', 'tonneKm', 'legs'])).toEqual([
      { product: GTIN.drug, scope: 'WTW', co2eKg: 0.39999, tonneKm: 4.825, legs: 2 },
      { product: GTIN.other, scope: 'TTW', co2eKg: 3.984, tonneKm: 8, legs: 1 },
      { product: GTIN.other, scope: 'WTW', co2eKg: 0.03109, tonneKm: 0.375, legs: 1 },
      { product: GTIN.ingredient, scope: 'WTW', co2eKg: 1.2435, tonneKm: 15, legs: 1 },
    ]);
    const wtw = rows
      .filter((r: { scope: string }) => r.scope === 'WTW')
      .reduce((sum: number, r: { co2eKg: number }) => sum + r.co2eKg, 0);
    expect(wtw).toBeCloseTo(1.67458, 9);
    // The mixed leg (0.0829 kg) splits 2 × 0.5 kg : 3 × 0.2 kg = 0.625 : 0.375.
    const mixedDrug = rows[0].co2eKg - 0.34818;
    expect(mixedDrug / 0.0829).toBeCloseTo(0.625, 9);
    const drugOnly = await rollUp(`groupBy: [], filter: { product: ["${GTIN.drug}"] }`);
    expect(pick(drugOnly, ['scope', 'co2eKg', 'legs'])).toEqual([
      { scope: 'WTW', co2eKg: 0.39999, legs: 2 },
    ]);
  });

  it('groups by organisation, mode and month', async () => {
    expect(
      pick(await rollUp('groupBy: [ORGANIZATION]'), ['organization', 'scope', 'co2eKg']),
    ).toEqual([
      { organization: ORG.manufacturer.msp, scope: 'TTW', co2eKg: 3.984 },
      { organization: ORG.manufacturer.msp, scope: 'WTW', co2eKg: 0.43108 },
      { organization: ORG.supplier.msp, scope: 'WTW', co2eKg: 1.2435 },
    ]);
    expect(
      pick(await rollUp('groupBy: [MODE, MONTH]'), ['mode', 'period', 'scope', 'legs']),
    ).toEqual([
      { mode: 'air', period: '2026-03-01T00:00:00.000Z', scope: 'TTW', legs: 1 },
      { mode: 'road', period: '2026-03-01T00:00:00.000Z', scope: 'WTW', legs: 3 },
    ]);
  });

  it("assigns GHG scope 3 categories from the caller's organisation, or from perspective", async () => {
    // graphApi's principal belongs to the manufacturer: drums came in (4), the rest went out (9).
    expect(
      pick(await rollUp('groupBy: [CATEGORY]'), ['scope3Category', 'scope', 'co2eKg']),
    ).toEqual([
      { scope3Category: 4, scope: 'WTW', co2eKg: 1.2435 },
      { scope3Category: 9, scope: 'TTW', co2eKg: 3.984 },
      { scope3Category: 9, scope: 'WTW', co2eKg: 0.43108 },
    ]);
    expect(
      pick(await rollUp(`groupBy: [CATEGORY], perspective: "${ORG.distributor.msp}"`), [
        'scope3Category',
        'scope',
        'co2eKg',
      ]),
    ).toEqual([
      { scope3Category: 4, scope: 'TTW', co2eKg: 3.984 },
      { scope3Category: 4, scope: 'WTW', co2eKg: 0.43108 },
      { scope3Category: null, scope: 'WTW', co2eKg: 1.2435 },
    ]);
  });

  it('filters by scope and time, pages groups, and refuses two periods', async () => {
    expect(pick(await rollUp('filter: { scope: ["TTW"] }'), ['scope', 'co2eKg'])).toEqual([
      { scope: 'TTW', co2eKg: 3.984 },
    ]);
    expect(await rollUp('filter: { from: "2026-03-01T09:00:00Z" }')).toEqual([]);
    const first = ok(
      await api(
        '{ emissions(groupBy: [PRODUCT], first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { product scope } } }',
        {},
        'analyst',
      ),
    ).emissions;
    expect([first.totalCount, first.nodes.length, first.pageInfo.hasNextPage]).toEqual([
      4,
      3,
      true,
    ]);
    const rest = ok(
      await api(
        'query($after: String) { emissions(groupBy: [PRODUCT], first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { product scope } } }',
        { after: first.pageInfo.endCursor },
        'analyst',
      ),
    ).emissions;
    expect([rest.totalCount, rest.pageInfo.hasNextPage]).toEqual([4, false]);
    // After the last group no row carries the count: it is still the whole list's.
    const past = ok(
      await api(
        'query($after: String) { emissions(groupBy: [PRODUCT], after: $after) { totalCount nodes { product } } }',
        { after: rest.pageInfo.endCursor },
        'analyst',
      ),
    ).emissions;
    expect([past.totalCount, past.nodes]).toEqual([4, []]);
    expect([...first.nodes, ...rest.nodes]).toEqual(
      pick(await rollUp('groupBy: [PRODUCT]'), ['product', 'scope']),
    );
    // A position in one roll-up means nothing in another: refused, not applied to other rows.
    const crossed = await api(
      'query($after: String) { emissions(groupBy: [ORGANIZATION], after: $after) { totalCount } }',
      { after: first.pageInfo.endCursor },
      'analyst',
    );
    expect(crossed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    const two = await api('{ emissions(groupBy: [DAY, MONTH]) { totalCount } }', {}, 'analyst');
    expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
  });
});

describe('emission legs', () => {
  it("lists each counted leg once with its factor and provenance; a retracted shipping event's leg is left out", async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data = ok(
        await api(
          'query($after: String) { emissionLegs(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { emissionId eventId factorValue scope co2eKg txId blockNumber event { bizStep retracted } } } }',
          { after },
          'analyst',
        ),
      );
      const conn = data.emissionLegs;
      expect(conn.totalCount).toBe(4);
      for (const leg of conn.nodes) {
        ids.push(leg.emissionId);
        const label = `emission-${leg.emissionId.slice(3)}`;
        expect([leg.txId, leg.blockNumber]).toEqual([
          txOf(label),
          Number(rec.tx.get(label)!.blockNumber),
        ]);
        expect(leg.event).toEqual({ bizStep: 'shipping', retracted: false });
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    // ship-drums and ship-other share an event time: the emission id breaks the tie.
    expect(ids).toEqual(['em-air', 'em-drums', 'em-pallet', 'em-mixed']);
    const wrong = await database.db
      .selectFrom('emissions')
      .select('emission_id')
      .where('event_id', '=', WRONG_SHIP)
      .execute();
    expect(wrong).toEqual([{ emission_id: 'em-wrong' }]);
  });
});

describe('emissions authorisation', () => {
  it.each(['reader', 'recall_coordinator', 'auditor', 'submitter'] as const)(
    'refuses %s with FORBIDDEN',
    async (role) => {
      for (const query of ['{ emissions { totalCount } }', '{ emissionLegs { totalCount } }']) {
        const answer = await api(query, {}, role);
        expect(answer.data).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(answer.errors?.[0]?.message).toMatch(/analytics/);
      }
    },
  );
});

describe('a leg carrying a lot by mass beside counted units', () => {
  it('splits it by mass: a KGM quantity is its own mass, not a count of the product', async () => {
    await withStoryDatabase('emissions_by_mass', async ({ db, rec, flush }) => {
      await rec.capture(
        'commission-c',
        'manufacturer',
        commission(50, [9, 10].map(ID.unit), 'LOT-C', 'manufacturer'),
      );
      // 2 drug units of 0.5 kg and 50 KGM of API-001 (a product of 25 kg per drum): 1 kg and 50 kg.
      const leg = (await rec.capture('ship-by-mass', 'manufacturer', {
        ...ship(51, [ID.unit(9), ID.unit(10)], 'manufacturer', 'distributor'),
        quantityList: [{ epcClass: ID.ingredientLot, quantity: 50, uom: 'KGM' }],
      })) as { events: { eventId: string }[] };
      const legId = leg.events[0]!.eventId;
      await rec.invoke(
        'emission-by-mass',
        'RecordEmission',
        roadEmission(legId, 100, 51, 'em-by-mass'),
        { mspId: ORG.manufacturer.msp },
      );
      await flush();
      const { rows } = await groupEmissions(
        db,
        ['PRODUCT'],
        { eventId: [legId] },
        ORG.manufacturer.msp,
        { first: 10, offset: 0 },
      );
      const total = (51 / 1000) * 100 * 0.0829;
      const byProduct = Object.fromEntries(rows.map((r) => [r.product, r.co2eKg]));
      expect(byProduct[GTIN.drug]).toBeCloseTo(total * (1 / 51), 9);
      expect(byProduct[GTIN.ingredient]).toBeCloseTo(total * (50 / 51), 9);
    });
  });
});
