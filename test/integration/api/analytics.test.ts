import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  at,
  epcisEvent,
  graphApi,
  ID,
  LedgerRecorder,
  ORG,
  runGraphStory,
  type GraphAnswer,
} from '../../support/graph-fixture.js';

// The graph story through the real contract and indexer, plus a receipt of case 2 at the pharmacy
// that is declared erroneous: it must neither end case 2's transit nor count as a receipt.
let database: TestDatabase;
let api: Awaited<ReturnType<typeof graphApi>>;
let rec: LedgerRecorder;

beforeAll(async () => {
  database = await freshDatabase('api_analytics');
  rec = await LedgerRecorder.create();
  await runGraphStory(rec);
  const wrong = epcisEvent('ObjectEvent', 22, {
    eventID: 'urn:uuid:0d6f2b8e-3c41-4f7a-8e25-6b9c1a7d4e30',
    action: 'OBSERVE',
    bizStep: 'receiving',
    epcList: [ID.case2],
    readPoint: { id: ORG.pharmacy.site },
    bizLocation: { id: ORG.pharmacy.site },
  });
  await rec.capture('wrong-receipt', 'pharmacy', wrong);
  await rec.capture('declare-wrong', 'pharmacy', {
    ...wrong,
    errorDeclaration: { declarationTime: at(23), reason: 'incorrect_data' },
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
const analytics = async (selection: string): Promise<any> =>
  ok(await api(`{ analytics { ${selection} } }`, {}, 'analyst')).analytics;
const DAY = '2026-03-01T00:00:00.000Z';

describe('events per bizStep', () => {
  it('counts events per day and bizStep, retracted ones apart, with the mirror height', async () => {
    const a = await analytics(
      'indexedHeight eventsPerBizStep(period: DAY) { totalCount nodes { period bizStep events retractedEvents lastBlockNumber } }',
    );
    expect(a.indexedHeight).toBe(rec.chain.blocks.length - 1);
    expect(
      a.eventsPerBizStep.nodes.map((n: Record<string, unknown>) => [
        n.period,
        n.bizStep,
        n.events,
        n.retractedEvents,
      ]),
    ).toEqual([
      [DAY, 'commissioning', 5, 0],
      [DAY, 'destroying', 1, 0],
      [DAY, 'dispensing', 1, 0],
      [DAY, 'holding', 1, 0],
      [DAY, 'packing', 5, 0],
      [DAY, 'receiving', 4, 1],
      [DAY, 'shipping', 5, 0],
      [DAY, 'unpacking', 2, 0],
    ]);
    expect(a.eventsPerBizStep.totalCount).toBe(8);
    const receiving = a.eventsPerBizStep.nodes.find(
      (n: Record<string, unknown>) => n.bizStep === 'receiving',
    );
    expect(receiving.lastBlockNumber).toBe(Number(rec.tx.get('wrong-receipt')!.blockNumber));
  });

  it('puts a Sunday into the ISO week starting Monday, and applies event filters', async () => {
    const a = await analytics(
      `eventsPerBizStep(period: WEEK, filter: { capturedByMsp: ["${ORG.pharmacy.msp}"], retracted: false }) { nodes { period bizStep events } }`,
    );
    expect(
      a.eventsPerBizStep.nodes.map((n: Record<string, unknown>) => [n.period, n.bizStep, n.events]),
    ).toEqual([
      ['2026-02-23T00:00:00.000Z', 'destroying', 1],
      ['2026-02-23T00:00:00.000Z', 'dispensing', 1],
      ['2026-02-23T00:00:00.000Z', 'holding', 1],
      ['2026-02-23T00:00:00.000Z', 'packing', 1],
      ['2026-02-23T00:00:00.000Z', 'receiving', 1],
      ['2026-02-23T00:00:00.000Z', 'unpacking', 1],
    ]);
  });
});

describe('dwell times', () => {
  it('measures receipt → next shipment per location, over every instance the receipt moved', async () => {
    const a = await analytics(
      'dwellTimes { totalCount nodes { locationId location { name } stays openReceipts avgSeconds minSeconds maxSeconds medianSeconds p90Seconds lastBlockNumber } }',
    );
    // Distributor: the pallet arrived at 12; case 1 (and its 3 units) left at 14, case 2 (and its 3
    // units) at 19; the pallet and the other chain's case 3 (and 2 units) never left.
    expect(
      a.dwellTimes.nodes.map((n: Record<string, unknown>) => ({
        ...n,
        lastBlockNumber: undefined,
      })),
    ).toEqual([
      {
        locationId: ORG.distributor.site,
        location: { name: 'distributor site' },
        stays: 8,
        openReceipts: 4,
        avgSeconds: 270,
        minSeconds: 120,
        maxSeconds: 420,
        medianSeconds: 270,
        p90Seconds: 420,
        lastBlockNumber: undefined,
      },
      {
        locationId: ORG.pharmacy.site,
        location: { name: 'pharmacy site' },
        stays: 0,
        openReceipts: 4,
        avgSeconds: null,
        minSeconds: null,
        maxSeconds: null,
        medianSeconds: null,
        p90Seconds: null,
        lastBlockNumber: undefined,
      },
      {
        locationId: ORG.manufacturer.site,
        location: { name: 'manufacturer site' },
        stays: 0,
        openReceipts: 2,
        avgSeconds: null,
        minSeconds: null,
        maxSeconds: null,
        medianSeconds: null,
        p90Seconds: null,
        lastBlockNumber: undefined,
      },
    ]);
    expect(a.dwellTimes.totalCount).toBe(3);
    // The latest block behind the distributor's row: the other chain's receipt, stored last.
    expect(a.dwellTimes.nodes[0].lastBlockNumber).toBe(
      Number(rec.tx.get('receive-other')!.blockNumber),
    );
  });

  it('filters by scheme, location and receipt time, and pages rows', async () => {
    const sscc = await analytics(
      `dwellTimes(filter: { scheme: ["sscc"], location: ["${ORG.distributor.site}"] }) { nodes { stays openReceipts avgSeconds } }`,
    );
    expect(sscc.dwellTimes.nodes).toEqual([{ stays: 2, openReceipts: 2, avgSeconds: 270 }]);
    const late = await analytics(
      `dwellTimes(filter: { from: "${at(10)}", to: "${at(13)}" }) { nodes { locationId stays openReceipts } }`,
    );
    expect(late.dwellTimes.nodes).toEqual([
      { locationId: ORG.distributor.site, stays: 8, openReceipts: 1 },
    ]);
    const page = await analytics(
      'dwellTimes(first: 2) { pageInfo { hasNextPage endCursor } nodes { locationId } }',
    );
    expect(page.dwellTimes.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await api(
        'query($after: String) { analytics { dwellTimes(first: 2, after: $after) { pageInfo { hasNextPage } nodes { locationId } } } }',
        { after: page.dwellTimes.pageInfo.endCursor },
        'analyst',
      ),
    );
    expect(
      [...page.dwellTimes.nodes, ...rest.analytics.dwellTimes.nodes].map(
        (n: Record<string, unknown>) => n.locationId,
      ),
    ).toEqual([ORG.distributor.site, ORG.pharmacy.site, ORG.manufacturer.site]);
    expect(rest.analytics.dwellTimes.pageInfo.hasNextPage).toBe(false);
  });
});

describe('transit times', () => {
  it('measures shipping → receiving per lane; a retracted receipt leaves the goods in transit', async () => {
    const a = await analytics(
      'transitTimes { nodes { fromLocationId toLocationId fromLocation { name } toLocation { name } shipments items received inTransit avgSeconds maxSeconds medianSeconds } }',
    );
    expect(a.transitTimes.nodes).toEqual([
      {
        fromLocationId: ORG.distributor.site,
        toLocationId: ORG.pharmacy.site,
        fromLocation: { name: 'distributor site' },
        toLocation: { name: 'pharmacy site' },
        shipments: 2,
        items: 2,
        received: 1,
        inTransit: 1,
        avgSeconds: 60,
        maxSeconds: 60,
        medianSeconds: 60,
      },
      {
        fromLocationId: ORG.manufacturer.site,
        toLocationId: ORG.distributor.site,
        fromLocation: { name: 'manufacturer site' },
        toLocation: { name: 'distributor site' },
        shipments: 2,
        items: 2,
        received: 2,
        inTransit: 0,
        avgSeconds: 60,
        maxSeconds: 60,
        medianSeconds: 60,
      },
      {
        fromLocationId: ORG.supplier.site,
        toLocationId: ORG.manufacturer.site,
        fromLocation: { name: 'supplier site' },
        toLocation: { name: 'manufacturer site' },
        shipments: 1,
        items: 2,
        received: 2,
        inTransit: 0,
        avgSeconds: 60,
        maxSeconds: 60,
        medianSeconds: 60,
      },
    ]);
    const filtered = await analytics(
      `transitTimes(filter: { shippedByMsp: ["${ORG.distributor.msp}"], from: "${at(14)}", to: "${at(15)}" }) { nodes { toLocationId shipments received } }`,
    );
    expect(filtered.transitTimes.nodes).toEqual([
      { toLocationId: ORG.pharmacy.site, shipments: 1, received: 1 },
    ]);
  });
});

describe('analytics authorisation and limits', () => {
  it.each(['reader', 'recall_coordinator', 'auditor', 'submitter'] as const)(
    'refuses %s with FORBIDDEN',
    async (role) => {
      const answer = await api('{ analytics { indexedHeight } }', {}, role);
      expect(answer.data).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    },
  );

  it('refuses pages over 500 and malformed filters', async () => {
    const big = await api('{ analytics { dwellTimes(first: 501) { totalCount } } }', {}, 'analyst');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const bad = await api(
      '{ analytics { transitTimes(filter: { toLocation: ["pharmacy"] }) { totalCount } } }',
      {},
      'analyst',
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.toLocation',
    });
  });
});
