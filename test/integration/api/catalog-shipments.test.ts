import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  graphApi,
  ID,
  LedgerRecorder,
  ORG,
  runGraphStory,
  type GraphAnswer,
  type StoryEvents,
} from '../../support/graph-fixture.js';

// The graph story run through the real contract, projected and stored by the real indexer, plus
// one site registered with coordinates.
const WAREHOUSE = 'urn:epc:id:sgln:0312345.00099.0';
let database: TestDatabase;
let api: Awaited<ReturnType<typeof graphApi>>;
let events: StoryEvents;
let rec: LedgerRecorder;

beforeAll(async () => {
  database = await freshDatabase('api_catalog_shipments');
  rec = await LedgerRecorder.create();
  events = await runGraphStory(rec);
  await rec.invoke(
    'site-warehouse',
    'RegisterLocation',
    { id: WAREHOUSE, name: 'Cold store', address: '1 Quay Rd', latitude: 53.55, longitude: 9.99 },
    { mspId: ORG.distributor.msp },
  );
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

/** Every (txId, blockNumber) names a VALID transaction of that block in the mirror. */
async function expectProvenance(nodes: { txId: string; blockNumber: number }[]): Promise<void> {
  expect(nodes.length).toBeGreaterThan(0);
  for (const n of nodes) {
    const tx = await database.db
      .selectFrom('transactions')
      .select('validation_code')
      .where('tx_id', '=', n.txId)
      .where('block_number', '=', BigInt(n.blockNumber))
      .executeTakeFirst();
    expect(tx?.validation_code, `${n.txId}@${n.blockNumber}`).toBe(0);
  }
}

/** Pages through a connection field with `first`, returning every node and every page's size. */
async function pageAll(
  field: string,
  args: string,
  selection: string,
  first: number,
): Promise<{ nodes: any[]; pages: number[]; total: number }> {
  const nodes: any[] = [];
  const pages: number[] = [];
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const data = ok(
      await api(
        `query($after: String) { ${field}(first: ${first}, after: $after${args}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`,
        { after },
      ),
    );
    const conn = data[field];
    nodes.push(...conn.nodes);
    pages.push(conn.nodes.length);
    total = conn.totalCount;
    if (!conn.pageInfo.hasNextPage) return { nodes, pages, total };
    after = conn.pageInfo.endCursor;
  }
}

describe('shipments', () => {
  it('pages every shipment in ship-time order across ties, with no duplicates', async () => {
    const all = await pageAll(
      'shipments',
      '',
      'id shipTime shipEventId identifier txId blockNumber',
      2,
    );
    expect(all.total).toBe(6);
    expect(all.pages).toEqual([2, 2, 2]);
    expect(new Set(all.nodes.map((n: Record<string, unknown>) => n.id)).size).toBe(6);
    const keys = all.nodes.map((n) => [n.shipTime, n.shipEventId, n.identifier].join('|'));
    expect(keys).toEqual([...keys].sort());
    await expectProvenance(all.nodes);
  });

  it('filters in-transit shipments and resolves their events, sites and item', async () => {
    const data = ok(
      await api(`{ shipments(filter: { inTransit: true }) { totalCount nodes { identifier inTransit shippedByMsp fromParty toParty transitSeconds receiveEventId
      events { eventId bizStep } fromLocation { name } toLocation { name } item { epc inTransit } } } }`),
    );
    expect(data.shipments.totalCount).toBe(1);
    expect(data.shipments.nodes[0]).toEqual({
      identifier: ID.case2,
      inTransit: true,
      shippedByMsp: ORG.distributor.msp,
      fromParty: ORG.distributor.party,
      toParty: ORG.pharmacy.party,
      transitSeconds: null,
      receiveEventId: null,
      events: [{ eventId: events.get('ship-case2'), bizStep: 'shipping' }],
      fromLocation: { name: 'distributor site' },
      toLocation: { name: 'pharmacy site' },
      item: { epc: ID.case2, inTransit: true },
    });
  });

  it('filters received shipments by origin, destination and ship-time range', async () => {
    const data = ok(
      await api(`{ shipments(filter: { inTransit: false, toLocation: ["${ORG.distributor.site}"], shippedFrom: "2026-03-01T08:10:00Z", shippedTo: "2026-03-01T08:12:00Z" }) {
      nodes { identifier transitSeconds receiveEventId receiveTxId receiveBlockNumber events { bizStep } } } }`),
    );
    expect(data.shipments.nodes).toEqual([
      {
        identifier: ID.pallet,
        transitSeconds: 60,
        receiveEventId: events.get('receive-pallet'),
        receiveTxId: rec.tx.get('receive-pallet')?.txId,
        receiveBlockNumber: Number(rec.tx.get('receive-pallet')?.blockNumber),
        events: [{ bizStep: 'shipping' }, { bizStep: 'receiving' }],
      },
    ]);
    const fromSupplier = ok(
      await api(
        `{ shipments(filter: { fromParty: ["${ORG.supplier.party}"] }) { nodes { identifier } } }`,
      ),
    );
    expect(fromSupplier.shipments.nodes.map((n: Record<string, unknown>) => n.identifier)).toEqual([
      ID.drum(1),
      ID.drum(2),
    ]);
  });
});

describe('page limits and argument errors', () => {
  it.each([
    'lots',
    'products',
    'organizations',
    'parties',
    'locations',
    'identifiers',
    'shipments',
  ])('%s refuses first > 500 and first < 1 with a message saying what to do', async (field) => {
    const big = await api(`{ ${field}(first: 501) { totalCount } }`);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(big.errors?.[0]?.message).toMatch(/from 1 to 500.*after: pageInfo\.endCursor/);
    expect((await api(`{ ${field}(first: 0) { totalCount } }`)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      ok(await api(`{ ${field}(first: 500) { pageInfo { hasNextPage } } }`))[field].pageInfo
        .hasNextPage,
    ).toBe(false);
  });

  it('refuses a cursor of another list, a forged cursor and an empty filter list', async () => {
    const cursor = ok(await api('{ lots(first: 1) { pageInfo { endCursor } } }')).lots.pageInfo
      .endCursor;
    const other = await api('query($after: String) { products(after: $after) { totalCount } }', {
      after: cursor,
    });
    expect(other.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
    expect(
      (await api('{ lots(after: "garbage") { totalCount } }')).errors?.[0]?.extensions?.field,
    ).toBe('after');
    const empty = await api('{ lots(filter: { gtin: [] }) { totalCount } }');
    expect(empty.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.gtin' },
    });
    const notUrn = await api('{ identifiers(filter: { location: ["plant"] }) { totalCount } }');
    expect(notUrn.errors?.[0]?.extensions?.field).toBe('filter.location');
  });

  it('lets every role read the catalog (all roles hold read)', async () => {
    for (const role of [
      'reader',
      'analyst',
      'recall_coordinator',
      'auditor',
      'submitter',
    ] as const) {
      expect(ok(await api('{ lots { totalCount } }', {}, role)).lots.totalCount).toBe(4);
    }
  });
});
