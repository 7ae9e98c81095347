import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../../chaincode/src/payload.js';
import { lotsPageBatched, lotsPagePerRow } from '../../../bench/baselines/per-row-resolvers.js';
import type { Database } from '../../../src/db/database.js';
import { projectBlock } from '../../../src/indexer/projector.js';
import { storeBlocks } from '../../../src/indexer/store.js';
import { ChainBuilder, payloadTx, TEST_CHAINCODE } from '../../support/block-factory.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { graphApi, type GraphAnswer } from '../../support/graph-fixture.js';
import {
  eventRecord,
  identifierRecord,
  payload,
  sgtin,
  sscc,
} from '../../support/payload-factory.js';

// 100 lots over 10 products and 3 organisations, 100 shipping events of 2 units each at 2 sites,
// 200 units in 50 cases: built as ledger payloads and written by the real projector and store.
const N = 100;
const MSPS = ['ManufacturerMSP', 'DistributorMSP', 'PharmacyMSP'];
const SITES = ['urn:epc:id:sgln:0614141.00001.0', 'urn:epc:id:sgln:0614142.00001.0'];
const gtinOf = (i: number): string => `0061414100${String(i % 10).padStart(4, '0')}`;
const lotClass = (i: number): string =>
  `urn:epc:class:lgtin:0614141.${String(i % 10).padStart(6, '0')}.L${String(i).padStart(3, '0')}`;

function chain(): ChainBuilder {
  const c = new ChainBuilder();
  c.addConfig();
  const master: LedgerRecord[] = [
    ...MSPS.map((mspId, i): LedgerRecord => ({
      kind: 'organization',
      key: `org~${mspId}`,
      value: {
        mspId,
        name: mspId,
        role: 'other',
        partyIds: [`urn:epc:id:pgln:061414${i}.00000`],
        companyPrefixes: [`061414${i}`],
        updatedTx: 'tx',
      },
    })),
    ...SITES.map((id, i): LedgerRecord => ({
      kind: 'location',
      key: `loc~${id}`,
      value: { id, name: `site ${i}`, ownerMsp: MSPS[i]!, updatedTx: 'tx' },
    })),
    ...Array.from({ length: 10 }, (_, i): LedgerRecord => ({
      kind: 'product',
      key: `prod~${i}`,
      value: { gtin: gtinOf(i), name: `product ${i}`, ownerMsp: MSPS[i % 3]!, updatedTx: 'tx' },
    })),
  ];
  c.add([payloadTx(payload(master))]);
  const lots = Array.from({ length: N }, (_, i): LedgerRecord => ({
    kind: 'lot',
    key: `lot~${i}`,
    value: {
      lotClass: lotClass(i),
      gtin: gtinOf(i),
      lotNumber: `L${i}`,
      ownerMsp: MSPS[i % 3]!,
      quantityProduced: 10,
      quantityRemaining: 10,
      unverifiedOrigin: false,
      lastEventId: 'ev',
      updatedTx: 'tx',
    },
  }));
  c.add([payloadTx(payload(lots))]);
  const units: LedgerRecord[] = [];
  const events: LedgerRecord[] = [];
  for (let i = 0; i < N; i++) {
    const epcs = [sgtin(2 * i), sgtin(2 * i + 1)];
    events.push(
      eventRecord({
        eventId: `ev-${i}`,
        eventTime: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        bizStep: 'shipping',
        epcList: epcs,
        bizLocation: SITES[i % 2]!,
        capturedByMsp: MSPS[i % 3]!,
      }),
    );
    for (const epc of epcs)
      units.push(
        identifierRecord({
          epc,
          lotClass: lotClass(i),
          parent: sscc(i % 50),
          lastEventId: `ev-${i}`,
        }),
      );
  }
  const cases = Array.from({ length: 50 }, (_, i) =>
    identifierRecord({ epc: sscc(i), lastEventId: 'ev-0' }),
  );
  c.add([payloadTx(payload([...events, ...units, ...cases]))]);
  return c;
}

let database: TestDatabase;
let counting: Kysely<Database>;
let statements: string[] = [];
let api: Awaited<ReturnType<typeof graphApi>>;

beforeAll(async () => {
  database = await freshDatabase('api_nplusone');
  await storeBlocks(
    database.db,
    'supplychain',
    chain().blocks.map((b) => projectBlock(b, { chaincodeName: TEST_CHAINCODE })),
  );
  // A second Kysely over the same database whose log hook records every statement it runs.
  counting = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: database.connectionString, max: 4 }),
    }),
    log: (event) => {
      statements.push(event.query.sql);
    },
  });
  api = await graphApi(counting);
});
afterAll(async () => {
  await counting.destroy();
  await database.db.destroy();
});

/** Runs `fn` and returns what it returned and the SQL statements it issued. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  statements = [];
  const result = await fn();
  return { result, sql: statements };
}
const ok = (answer: GraphAnswer): any => {
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
};

describe('nested fields resolve in batches, not per row', () => {
  it('a page of 100 lots with their products takes 2 statements, the products batched with = ANY', async () => {
    const { result, sql } = await counted(() =>
      api(`{ lots(first: ${N}) { nodes { lotClass gtin product { gtin name } } } }`),
    );
    const lots = ok(result).lots.nodes;
    expect(lots).toHaveLength(N);
    for (const lot of lots) expect(lot.product.gtin).toBe(lot.gtin);
    expect(sql).toHaveLength(2);
    expect(sql[0]).toMatch(/from "lots"/);
    expect(sql[1]).toMatch(/from "products" where "gtin" = ANY\(\$1::text\[\]\)/);
  });

  it('adds one statement per further nested field, however many rows (lots, count, products, organisations)', async () => {
    const { result, sql } = await counted(() =>
      api(
        `{ lots(first: ${N}) { totalCount nodes { owner { mspId } product { owner { mspId name } } recall { recallId } } } }`,
      ),
    );
    const data = ok(result);
    expect(data.lots.totalCount).toBe(N);
    // Lot owners and product owners share the organisation loader: one statement for both.
    expect(sql).toHaveLength(4);
    expect(sql.filter((s) => /from "organizations"/.test(s))).toHaveLength(1);
  });

  it('an event page with identifiers, sites and capturers takes 4 statements', async () => {
    const { result, sql } = await counted(() =>
      api(
        `{ events(first: ${N}) { nodes { eventId identifiers { identifier } location { name } capturedBy { mspId } } } }`,
      ),
    );
    const events = ok(result).events.nodes;
    expect(events).toHaveLength(N);
    expect(
      events.every(
        (e: { identifiers: unknown[]; location: unknown; capturedBy: unknown }) =>
          e.identifiers.length === 2 && e.location !== null && e.capturedBy !== null,
      ),
    ).toBe(true);
    expect(sql).toHaveLength(4);
  });

  it('an identifier page with container, contents, lot and product takes 5 statements', async () => {
    const { result, sql } = await counted(() =>
      api(
        `{ identifiers(first: ${N}, filter: { scheme: ["sgtin"] }) { nodes { epc parent { epc children { epc } } lot { product { name } } } } }`,
      ),
    );
    const units = ok(result).identifiers.nodes;
    expect(units).toHaveLength(N);
    expect(
      units.every(
        (u: { parent: { children: unknown[] }; lot: { product: { name: string } } }) =>
          u.parent.children.length === 4 && u.lot.product.name.startsWith('product'),
      ),
    ).toBe(true);
    expect(sql).toHaveLength(5);
  });
});

describe('nodes(ids) batches by type', () => {
  it('20 shipments by global id take one statement', async () => {
    const ids: string[] = ok(
      await api('{ shipments(first: 20) { nodes { id } } }'),
    ).shipments.nodes.map((n: { id: string }) => n.id);
    expect(ids).toHaveLength(20);
    const { result, sql } = await counted(() =>
      api('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Shipment { identifier } } }', {
        ids,
      }),
    );
    expect(ok(result).nodes.map((n: { id: string }) => n.id)).toEqual(ids);
    expect(sql).toHaveLength(1);
  });
});

describe('the per-row baseline the benchmark compares against', () => {
  it('issues 1 + 2N statements for the page the API answers in 3, with the same rows', async () => {
    const perRow = await counted(() => lotsPagePerRow(counting, N));
    const batched = await counted(() => lotsPageBatched(counting, N));
    expect(perRow.sql).toHaveLength(1 + 2 * N);
    expect(batched.sql).toHaveLength(3);
    expect(perRow.result).toEqual(batched.result);
    expect(
      perRow.result.every((l) => l.product?.gtin === l.gtin && l.owner?.mspId === l.ownerMsp),
    ).toBe(true);
  });
});
