import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID, ORG } from '../../support/graph-fixture.js';
import { ok, startCatalogFixture, type CatalogFixture } from '../../support/catalog-fixture.js';

// The graph story through the real contract and indexer; see test/support/catalog-fixture.ts.
let database: CatalogFixture['database'];
let api: CatalogFixture['api'];
let events: CatalogFixture['events'];
let rec: CatalogFixture['rec'];
let expectProvenance: CatalogFixture['expectProvenance'];
let pageAll: CatalogFixture['pageAll'];

beforeAll(async () => {
  ({ database, api, events, rec, expectProvenance, pageAll } =
    await startCatalogFixture('api_catalog_shipments'));
});
afterAll(async () => {
  await database.db.destroy();
});

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
