import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID, ORG } from '../../support/graph-fixture.js';
import {
  ok,
  startCatalogFixture,
  WAREHOUSE,
  type CatalogFixture,
} from '../../support/catalog-fixture.js';

// The graph story through the real contract and indexer; see test/support/catalog-fixture.ts.
let database: CatalogFixture['database'];
let api: CatalogFixture['api'];
let events: CatalogFixture['events'];
let rec: CatalogFixture['rec'];
let expectProvenance: CatalogFixture['expectProvenance'];
let pageAll: CatalogFixture['pageAll'];

beforeAll(async () => {
  ({ database, api, events, rec, expectProvenance, pageAll } =
    await startCatalogFixture('api_catalog'));
});
afterAll(async () => {
  await database.db.destroy();
});

describe('lots', () => {
  it('pages through every lot in class order with no duplicates, and totalCount agrees', async () => {
    const all = await pageAll('lots', '', 'id lotClass txId blockNumber', 1);
    const classes = all.nodes.map((n: Record<string, unknown>) => n.lotClass);
    expect(classes).toEqual([ID.drugLot, ID.excipientLot, ID.otherLot, ID.ingredientLot].sort());
    expect(all.pages).toEqual([1, 1, 1, 1]);
    expect(all.total).toBe(4);
    await expectProvenance(all.nodes);
  });

  it('filters by recall and GTIN, and resolves product, owner, recall and last event', async () => {
    const data = ok(
      await api(`{ lots(filter: { recalled: true }) { totalCount nodes { lotClass recallId disposition quantityProduced serialCount
      product { gtin name owner { mspId } } owner { mspId name } recall { recallId classification status lotClasses lots { lotClass } } lastEvent { eventId } } } }`),
    );
    expect(data.lots.totalCount).toBe(1);
    const [lot] = data.lots.nodes;
    expect(lot).toMatchObject({
      lotClass: ID.drugLot,
      recallId: 'RCL-1',
      disposition: 'recalled',
      quantityProduced: 6,
      serialCount: 6,
      product: {
        gtin: '00614141123452',
        name: 'Metformin 500 mg tablets, 100 ct',
        owner: { mspId: ORG.manufacturer.msp },
      },
      owner: { mspId: ORG.manufacturer.msp, name: 'manufacturer' },
      recall: {
        recallId: 'RCL-1',
        classification: 'II',
        status: 'open',
        lotClasses: [ID.drugLot],
        lots: [{ lotClass: ID.drugLot }],
      },
    });
    expect(lot.lastEvent.eventId).toMatch(/^ni:\/\/\/sha-256;/);
    const notRecalled = ok(
      await api(
        '{ lots(filter: { recalled: false, gtin: ["00614141666669", "00614141222223"] }) { nodes { lotClass } } }',
      ),
    );
    expect(notRecalled.lots.nodes.map((n: Record<string, unknown>) => n.lotClass)).toEqual([
      ID.otherLot,
      ID.excipientLot,
    ]);
  });

  it('finds a lot by URN and by global id, and answers null for an unknown one', async () => {
    const byUrn = ok(await api(`{ lot(id: "${ID.drugLot}") { id lotClass } }`));
    const byId = ok(
      await api(`query($id: String!) { lot(id: $id) { lotClass } }`, { id: byUrn.lot.id }),
    );
    expect(byId.lot.lotClass).toBe(ID.drugLot);
    expect(
      ok(await api('{ lot(id: "urn:epc:class:lgtin:0614141.012345.NOPE") { lotClass } }')).lot,
    ).toBeNull();
    const product = ok(await api('{ product(gtin: "00614141123452") { id } }')).product
      .id as string;
    const wrongType = await api('query($id: String!) { lot(id: $id) { lotClass } }', {
      id: product,
    });
    expect(wrongType.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
    expect(wrongType.errors?.[0]?.message).toMatch(/Product, not of a Lot/);
  });
});

describe('identifiers', () => {
  it('shows a case in transit with its contents, location, possessor and last event', async () => {
    const data = ok(
      await api(`{ identifier(epc: "${ID.case2}") { kind ownerMsp possessorParty inTransit inTransitToMsp inTransitToParty inTransitToLocation disposition
      parentEpc children { epc kind parentEpc lot { lotClass } product { gtin } } location { locationId name } possessor { partyId organization { mspId } }
      owner { mspId } lastEvent { eventId bizStep } txId blockNumber } }`),
    );
    expect(data.identifier).toMatchObject({
      kind: 'CASE',
      ownerMsp: ORG.distributor.msp,
      inTransit: true,
      inTransitToMsp: ORG.pharmacy.msp,
      inTransitToParty: ORG.pharmacy.party,
      inTransitToLocation: ORG.pharmacy.site,
      disposition: 'in_transit',
      parentEpc: null,
      location: { locationId: ORG.distributor.site, name: 'distributor site' },
      possessor: { partyId: ORG.distributor.party, organization: { mspId: ORG.distributor.msp } },
      owner: { mspId: ORG.distributor.msp },
      lastEvent: { eventId: events.get('ship-case2'), bizStep: 'shipping' },
    });
    expect(data.identifier.children).toEqual(
      [4, 5, 6].map((n) => ({
        epc: ID.unit(n),
        kind: 'UNIT',
        parentEpc: ID.case2,
        lot: { lotClass: ID.drugLot },
        product: { gtin: '00614141123452' },
      })),
    );
    expect(data.identifier.txId).toBe(rec.tx.get('ship-case2')?.txId);
  });

  it('tells units, cases and pallets apart and follows a unit to its container', async () => {
    const data = ok(
      await api(`{ pallet: identifier(epc: "${ID.pallet}") { kind children { epc } }
      tote: identifier(epc: "${ID.tote}") { kind children { epc kind } }
      unit: identifier(epc: "${ID.unit(5)}") { kind parent { epc kind } }
      dispensed: identifier(epc: "${ID.unit(1)}") { disposition parent { epc } inTransit }
      unknown: identifier(epc: "urn:epc:id:sgtin:0614141.012345.999") { epc } }`),
    );
    expect(data.pallet).toEqual({ kind: 'PALLET', children: [] });
    // Case 1 was emptied before it went into the tote: the tote never held a container that held
    // something, so it is a CASE, like the lineage answer says.
    expect(data.tote).toEqual({ kind: 'CASE', children: [{ epc: ID.case1, kind: 'CASE' }] });
    expect(data.unit).toEqual({ kind: 'UNIT', parent: { epc: ID.case2, kind: 'CASE' } });
    expect(data.dispensed).toEqual({ disposition: 'dispensed', parent: null, inTransit: false });
    expect(data.unknown).toBeNull();
  });

  it('filters by lot, transit, container and scheme', async () => {
    const q = async (filter: string): Promise<string[]> => {
      const data = ok(
        await api(`{ identifiers(first: 100, filter: ${filter}) { nodes { epc } } }`),
      );
      return (data.identifiers.nodes as { epc: string }[]).map((n) => n.epc);
    };
    expect(await q(`{ lotClass: ["${ID.drugLot}"] }`)).toEqual([1, 2, 3, 4, 5, 6].map(ID.unit));
    expect(await q('{ inTransit: true }')).toEqual([...[4, 5, 6].map(ID.unit), ID.case2]);
    expect(await q(`{ parentEpc: ["${ID.case3}"] }`)).toEqual([1, 2].map(ID.otherUnit));
    expect(await q(`{ scheme: ["sscc"], location: ["${ORG.pharmacy.site}"] }`)).toEqual([
      ID.tote,
      ID.case1,
    ]);
    expect(await q('{ disposition: ["urn:epcglobal:cbv:disp:dispensed"] }')).toEqual([ID.unit(1)]);
  });
});

describe('master data', () => {
  it('lists products, organisations with their parties and sites, and parties by organisation', async () => {
    const data = ok(
      await api(`{ products(filter: { ownerMsp: ["${ORG.manufacturer.msp}"] }) { totalCount nodes { gtin unitMassKg owner { mspId } txId blockNumber } }
      organizations { totalCount nodes { mspId role partyIds parties { partyId } locations { locationId } txId blockNumber } }
      parties(filter: { mspId: ["${ORG.pharmacy.msp}"] }) { nodes { partyId organization { name } } } }`),
    );
    expect(data.products.totalCount).toBe(3);
    expect(data.products.nodes.map((p: Record<string, unknown>) => [p.gtin, p.unitMassKg])).toEqual(
      [
        ['00614141123452', 0.5],
        ['00614141222223', 0.2],
        ['00614141666669', 1],
      ],
    );
    expect(data.organizations.totalCount).toBe(4);
    const distributor = data.organizations.nodes.find(
      (o: Record<string, unknown>) => o.mspId === ORG.distributor.msp,
    );
    expect(distributor).toMatchObject({
      role: 'distributor',
      partyIds: [ORG.distributor.party],
      parties: [{ partyId: ORG.distributor.party }],
    });
    expect(distributor.locations.map((l: Record<string, unknown>) => l.locationId)).toEqual([
      ORG.distributor.site,
      WAREHOUSE,
    ]);
    expect(data.parties.nodes).toEqual([
      { partyId: ORG.pharmacy.party, organization: { name: 'pharmacy' } },
    ]);
    await expectProvenance([...data.products.nodes, ...data.organizations.nodes]);
  });

  it('returns locations with coordinates and filters on having them', async () => {
    const data = ok(
      await api(`{ located: locations(filter: { hasCoordinates: true }) { nodes { locationId name address latitude longitude owner { mspId } } }
      all: locations { totalCount } one: location(id: "${WAREHOUSE}") { name txId } }`),
    );
    expect(data.located.nodes).toEqual([
      {
        locationId: WAREHOUSE,
        name: 'Cold store',
        address: '1 Quay Rd',
        latitude: 53.55,
        longitude: 9.99,
        owner: { mspId: ORG.distributor.msp },
      },
    ]);
    expect(data.all.totalCount).toBe(5);
    expect(data.one).toEqual({ name: 'Cold store', txId: rec.tx.get('site-warehouse')?.txId });
  });
});

describe('_meta', () => {
  it('reports the indexed height and the age of the last indexed block; no chain height in the API', async () => {
    const meta = ok(
      await api('{ _meta { indexedHeight chainHeight lagBlocks lagSeconds } }'),
    )._meta;
    expect(meta.indexedHeight).toBe(rec.chain.blocks.length - 1);
    expect([meta.chainHeight, meta.lagBlocks]).toEqual([null, null]);
    // The fixture's blocks carry its ledger's times (from 2026-03-01T12:00Z, a second a tx).
    const age = (Date.now() - Date.parse('2026-03-01T13:00:00Z')) / 1000;
    expect(meta.lagSeconds).toBeGreaterThan(age);
  });
});

describe('Relay node ids', () => {
  it('fetches every node type back by its id', async () => {
    const data = ok(
      await api(`{ lot(id: "${ID.drugLot}") { id recall { id } } identifier(epc: "${ID.case1}") { id } product(gtin: "00614141123452") { id }
      organization(mspId: "${ORG.pharmacy.msp}") { id parties { id } } location(id: "${WAREHOUSE}") { id }
      shipments(first: 1) { nodes { id } } events(first: 1) { nodes { id } } }`),
    );
    const ids: [string, string][] = [
      [data.lot.id, 'Lot'],
      [data.lot.recall.id, 'Recall'],
      [data.identifier.id, 'Identifier'],
      [data.product.id, 'Product'],
      [data.organization.id, 'Organization'],
      [data.organization.parties[0].id, 'Party'],
      [data.location.id, 'Location'],
      [data.shipments.nodes[0].id, 'Shipment'],
      [data.events.nodes[0].id, 'Event'],
    ];
    const back = ok(
      await api('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
        ids: ids.map(([id]) => id),
      }),
    );
    expect(back.nodes).toEqual(ids.map(([id, type]) => ({ __typename: type, id })));
    const one = ok(
      await api(`query($id: ID!) { node(id: $id) { id ... on Lot { lotClass } } }`, {
        id: data.lot.id,
      }),
    );
    expect(one.node).toEqual({ id: data.lot.id, lotClass: ID.drugLot });
  });

  it('answers null for an id of nothing and BAD_USER_INPUT for a malformed id', async () => {
    const gone = Buffer.from('Lot:urn:epc:class:lgtin:0614141.012345.GONE').toString('base64url');
    expect(ok(await api(`{ node(id: "${gone}") { id } }`)).node).toBeNull();
    const bad = await api('{ node(id: "bm90LWEtbm9kZQ") { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
