import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recallHopByHop } from '../../../bench/baselines/recall-hop-by-hop.js';
import { migrate } from '../../../src/db/migrate.js';
import { streamRecallItems, type RecallItem } from '../../../src/db/recall.queries.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { verifyMirror } from '../../../src/indexer/verify.js';
import { TEST_CHAINCODE } from '../../support/block-factory.js';
import {
  aggregate,
  commission,
  GRAPH_CHANNEL,
  ID,
  LedgerRecorder,
  registerParties,
} from '../../support/graph-fixture-ledger.js';
import { StubBlockSource } from '../../support/stub-block-source.js';

/**
 * A recall takes the edges of a lot's members from the lot's range (lineage_edge.from_lot) instead
 * of probing every member, but only for members whose every edge carries that lot. Here a unit
 * is packed before it is commissioned into the lot (the contract accepts an object it has never
 * seen, and lets its maker commission it later), so its packing edge carries no lot: the store
 * must mark its membership stray and the recall must still find the case it sits in. Run through
 * the real contract, projector and store on real PostgreSQL.
 */
const LOT = 'urn:epc:class:lgtin:0614141.012345.LOT-S';
const packedFirst = ID.unit(901);
const commissionedFirst = ID.unit(902);

let database: TestDatabase;
let rec: LedgerRecorder;

beforeAll(async () => {
  database = await freshDatabase('recall_stray');
  rec = await LedgerRecorder.create();
  await registerParties(rec);
  await rec.capture(
    'pack-unknown',
    'manufacturer',
    aggregate(10, 'ADD', ID.case3, [packedFirst], 'manufacturer'),
  );
  await rec.capture(
    'commission',
    'manufacturer',
    commission(20, [packedFirst, commissionedFirst], 'LOT-S', 'manufacturer'),
  );
  await rec.capture(
    'pack',
    'manufacturer',
    aggregate(30, 'ADD', ID.case2, [commissionedFirst], 'manufacturer'),
  );
  await rec.flush(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

describe('recall over members whose edges predate their lot', () => {
  it('tags edges with their source lot and marks the membership of a unit packed before commissioning stray', async () => {
    const edges = await sql<{
      from_id: string;
      to_id: string;
      kind: string;
      from_lot: string | null;
    }>`
      SELECT from_id, to_id, kind, from_lot FROM lineage_edge WHERE kind = 'aggregation' ORDER BY from_id`.execute(
      database.db,
    );
    expect(edges.rows).toEqual([
      { from_id: packedFirst, to_id: ID.case3, kind: 'aggregation', from_lot: null },
      { from_id: commissionedFirst, to_id: ID.case2, kind: 'aggregation', from_lot: LOT },
    ]);
    const memberships = await sql<{ to_id: string; stray_edges: boolean }>`
      SELECT to_id, stray_edges FROM lineage_edge WHERE kind = 'lot_membership' AND from_id = ${LOT}
      ORDER BY to_id`.execute(database.db);
    expect(memberships.rows).toEqual([
      { to_id: packedFirst, stray_edges: true },
      { to_id: commissionedFirst, stray_edges: false },
    ]);
  });

  it('finds both cases, each unit in its own, as the hop-by-hop walk does', async () => {
    const items: RecallItem[] = [];
    await streamRecallItems(database.db, { lot: LOT }, 100, (chunk) => {
      items.push(...chunk);
      return Promise.resolve();
    });
    const placed = Object.fromEntries(items.map((i) => [i.id, `${i.kind} in ${i.container}`]));
    expect(placed).toEqual({
      [LOT]: 'LOT in null',
      [packedFirst]: `UNIT in ${ID.case3}`,
      [commissionedFirst]: `UNIT in ${ID.case2}`,
      [ID.case3]: 'CASE in null',
      [ID.case2]: 'CASE in null',
    });
    const baseline = await recallHopByHop(database.db, [LOT], new Date());
    expect([...baseline.affected].sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('migration 570 fills an existing mirror exactly as the projector and store did', async () => {
    const tagged = () =>
      sql<{ key: string; from_lot: string | null; stray_edges: boolean }>`
        SELECT concat_ws(' ', kind, from_id, to_id, event_id) AS key, from_lot, stray_edges
        FROM lineage_edge ORDER BY 1`.execute(database.db);
    const before = (await tagged()).rows;
    expect(before.some((r) => r.stray_edges)).toBe(true);
    const migrations = database.db as unknown as Kysely<unknown>;
    // Step down through the later migrations until 570 itself has been undone.
    const undone: string[] = [];
    while (!undone.includes('2026_11_24_570_lineage_member_edges_by_lot')) {
      const down = await migrate(migrations, 'down');
      expect(down.error).toBeUndefined();
      expect(down.results).toHaveLength(1);
      undone.push(...down.results.map((r) => r.migrationName));
    }
    expect((await migrate(migrations)).error).toBeUndefined();
    expect((await tagged()).rows).toEqual(before);
  });

  it('verify finds the flags consistent, and reports a stray membership cleared by hand', async () => {
    const verify = () =>
      verifyMirror({
        db: database.db,
        source: new StubBlockSource([...rec.chain.blocks]),
        channel: GRAPH_CHANNEL,
        chaincodeName: TEST_CHAINCODE,
        // Blocks of decoded structures, without envelopes: no write sets to check.
        checkWrites: false,
      });
    expect(await verify()).toMatchObject({ ok: true });
    await sql`UPDATE lineage_edge SET stray_edges = false WHERE kind = 'lot_membership' AND to_id = ${packedFirst}`.execute(
      database.db,
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstDifference).toMatchObject({
      table: 'lineage_edge (stray_edges)',
      kind: 'different',
      key: `from_id=${LOT}, to_id=${packedFirst}`,
    });
  });
});
