import { expect } from 'vitest';
import { freshDatabase, type TestDatabase } from './fresh-database.js';
import {
  graphApi,
  LedgerRecorder,
  ORG,
  runGraphStory,
  type GraphAnswer,
  type StoryEvents,
} from './graph-fixture.js';

/**
 * The catalog tests' fixture: the graph story run through the real contract, projected and stored
 * by the real indexer, plus one site registered with coordinates; with helpers to page through
 * connections and to check that every fact names a VALID transaction.
 */

/** A site registered with coordinates, beside the story's own. */
export const WAREHOUSE = 'urn:epc:id:sgln:0312345.00099.0';

/** Asserts a GraphQL answer has no errors and returns its data. */
export const ok = (answer: GraphAnswer): any => {
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
};

/** The fixture of one test file. */
export interface CatalogFixture {
  database: TestDatabase;
  api: Awaited<ReturnType<typeof graphApi>>;
  events: StoryEvents;
  rec: LedgerRecorder;
  /** Every (txId, blockNumber) names a VALID transaction of that block in the mirror. */
  expectProvenance: (nodes: { txId: string; blockNumber: number }[]) => Promise<void>;
  /** Pages through a connection field with `first`, returning every node and every page's size. */
  pageAll: (
    field: string,
    args: string,
    selection: string,
    first: number,
  ) => Promise<{ nodes: any[]; pages: number[]; total: number }>;
}

/** Builds the fixture in a fresh database named after `prefix`. */
export async function startCatalogFixture(prefix: string): Promise<CatalogFixture> {
  const database = await freshDatabase(prefix);
  const rec = await LedgerRecorder.create();
  const events = await runGraphStory(rec);
  await rec.invoke(
    'site-warehouse',
    'RegisterLocation',
    { id: WAREHOUSE, name: 'Cold store', address: '1 Quay Rd', latitude: 53.55, longitude: 9.99 },
    { mspId: ORG.distributor.msp },
  );
  await rec.flush(database.db);
  const api = await graphApi(database.db);

  const expectProvenance = async (
    nodes: { txId: string; blockNumber: number }[],
  ): Promise<void> => {
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
  };

  const pageAll: CatalogFixture['pageAll'] = async (field, args, selection, first) => {
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
  };
  return { database, api, events, rec, expectProvenance, pageAll };
}
