import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/db/checkpoint.queries.js';
import { BlockSequenceError, HashChainError } from '../../../src/indexer/errors.js';
import { projectBlock } from '../../../src/indexer/projector.js';
import { PROJECTED_TABLES, type BlockRowSet } from '../../../src/indexer/row-set.js';
import { storeBlock, storeBlocks } from '../../../src/indexer/store.js';
import { tryOpenWriterSession } from '../../../src/indexer/writer-session.js';
import type { DecodedBlock } from '../../../src/ledger/types.js';
import { ChainBuilder, payloadTx, TEST_CHAINCODE } from '../../support/block-factory.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { eventRecord, lgtin, payload, sgtin, sscc } from '../../support/payload-factory.js';
import { supplyChainScenario } from '../../support/supply-chain-scenario.js';
import { tableDigests } from '../../support/table-digest.js';

const CHANNEL = 'supplychain';
const project = (b: DecodedBlock): BlockRowSet =>
  projectBlock(b, { chaincodeName: TEST_CHAINCODE });
const blocks = supplyChainScenario().blocks;
const sets = blocks.map(project);

async function storeEach(db: TestDatabase['db'], from = 0, to = sets.length): Promise<void> {
  for (const set of sets.slice(from, to)) await storeBlock(db, CHANNEL, set);
}

describe('store on real PostgreSQL', () => {
  const opened: TestDatabase[] = [];
  const open = async (): Promise<TestDatabase> => {
    const t = await freshDatabase('store');
    opened.push(t);
    return t;
  };
  let clean: TestDatabase;
  let cleanDigest: Record<string, string>;

  beforeAll(async () => {
    clean = await open();
    await storeEach(clean.db);
    cleanDigest = await tableDigests(clean.db);
  });
  afterAll(async () => {
    for (const t of opened) await t.db.destroy();
  });

  it('projects the scenario into every table with the ledger positions', async () => {
    const { db } = clean;
    expect(await readCheckpoint(db, CHANNEL)).toBe(BigInt(blocks.length));
    for (const table of [...PROJECTED_TABLES, 'indexer_checkpoint']) {
      expect(cleanDigest[table]?.startsWith('0:'), `${table} has rows`).toBe(false);
    }
    // Derived by the store from the aggregation edges: the serials inside the cases each event
    // named, while they were inside (the unpacking names no children, so all three count).
    const contained = await db
      .selectFrom('event_identifiers as ei')
      .innerJoin('events as e', 'e.event_id', 'ei.event_id')
      .select(['e.biz_step', sql<number>`count(*)::int`.as('n')])
      .where('ei.role', '=', 'contained')
      .groupBy('e.biz_step')
      .orderBy('e.biz_step')
      .execute();
    expect(contained).toEqual([
      { biz_step: 'receiving', n: 6 },
      { biz_step: 'shipping', n: 6 },
      { biz_step: 'unpacking', n: 3 },
    ]);
    const shipments = await db.selectFrom('shipments').selectAll().orderBy('identifier').execute();
    expect(
      shipments.map((s) => [s.identifier, s.receive_event_id, s.receive_block_number]),
    ).toEqual([
      [sscc(1), 'ev-receive', 5n],
      [sscc(2), null, null],
    ]);
    const containment = await db
      .selectFrom('containment')
      .select(['child_id', 'parent_id', 'valid_to_event_id'])
      .where('child_id', '=', sgtin(1))
      .orderBy('valid_from_event_id')
      .execute();
    expect(containment).toEqual([
      { child_id: sgtin(1), parent_id: sscc(1), valid_to_event_id: 'ev-unpack' },
      { child_id: sgtin(1), parent_id: sscc(3), valid_to_event_id: 'ev-repack-b' },
      { child_id: sgtin(1), parent_id: sscc(4), valid_to_event_id: null },
    ]);
    const sscc2Children = await db
      .selectFrom('containment')
      .select('child_id')
      .where('parent_id', '=', sscc(2))
      .where('valid_to', 'is', null)
      .execute();
    expect(sscc2Children).toHaveLength(3);
    const oops = await db
      .selectFrom('events')
      .selectAll()
      .where('event_id', '=', 'ev-oops')
      .executeTakeFirstOrThrow();
    expect([
      oops.retracted,
      oops.block_number,
      oops.retracted_block_number,
      oops.retraction_reason,
    ]).toEqual([true, 5n, 7n, 'incorrect_data']);
    const parties = await db
      .selectFrom('parties')
      .select('party_id')
      .where('msp_id', '=', 'ManufacturerMSP')
      .execute();
    expect(parties.map((p) => p.party_id)).toEqual(['urn:epc:id:pgln:0614141.00000']);
    const lot1 = await db
      .selectFrom('lots')
      .selectAll()
      .where('lot_class', '=', lgtin('LOT1'))
      .executeTakeFirstOrThrow();
    expect([lot1.recall_id, lot1.quantity_remaining, lot1.block_number]).toEqual(['R1', '3', 7n]);
    const temps = await db
      .selectFrom('sensor_readings')
      .select(['temperature_min_c', 'temperature_max_c'])
      .orderBy('reading_index')
      .execute();
    expect(temps).toEqual([
      { temperature_min_c: '3.5', temperature_max_c: '9.1' },
      { temperature_min_c: '8', temperature_max_c: '8' },
      { temperature_min_c: null, temperature_max_c: null },
    ]);
    const membership = await db
      .selectFrom('lineage_edge')
      .select('event_id')
      .where('kind', '=', 'lot_membership')
      .where('to_id', '=', sgtin(1))
      .execute();
    expect(membership).toEqual([{ event_id: 'ev-commission' }]);
  });

  it('records an invalid transaction with its code and never projects it', async () => {
    const { db } = clean;
    const tx = await db
      .selectFrom('transactions')
      .selectAll()
      .where('tx_id', '=', 'tx-mvcc')
      .executeTakeFirstOrThrow();
    expect([tx.validation_code, tx.payload_version, tx.block_number]).toEqual([11, null, 3n]);
    expect(
      await db
        .selectFrom('events')
        .select('event_id')
        .where('event_id', '=', 'ev-invalid')
        .execute(),
    ).toEqual([]);
    const state = await db
      .selectFrom('identifier_state')
      .select('disposition')
      .where('epc', '=', sgtin(1))
      .executeTakeFirstOrThrow();
    expect(state.disposition).not.toBe('destroyed');
    for (const table of [
      'events',
      'event_identifiers',
      'identifier_state',
      'lineage_edge',
    ] as const) {
      const rows = await db
        .selectFrom(table)
        .select('tx_id')
        .where('tx_id', '=', 'tx-mvcc')
        .execute();
      expect(rows, table).toEqual([]);
    }
    const config = await db
      .selectFrom('blocks')
      .select(['is_config', 'tx_count'])
      .where('number', '=', 0n)
      .executeTakeFirstOrThrow();
    expect(config).toEqual({ is_config: true, tx_count: 1 });
  });

  it('replaying every block, one by one and as one batch, changes nothing', async () => {
    const { db } = clean;
    await storeEach(db);
    expect(await tableDigests(db)).toEqual(cleanDigest);
    await storeBlocks(db, CHANNEL, sets);
    expect(await tableDigests(db)).toEqual(cleanDigest);
    await storeBlocks(db, CHANNEL, sets.slice(3, 6));
    expect(await tableDigests(db)).toEqual(cleanDigest);
  });

  it('storing in batches gives the same tables as block by block', async () => {
    const t = await open();
    await storeBlocks(t.db, CHANNEL, sets.slice(0, 3));
    await storeBlocks(t.db, CHANNEL, sets.slice(3));
    expect(await tableDigests(t.db)).toEqual(cleanDigest);
    const u = await open();
    await storeBlocks(u.db, CHANNEL, sets);
    expect(await tableDigests(u.db)).toEqual(cleanDigest);
  });

  it('a failure after rows are written inside the block transaction leaves no trace; a restart converges', async () => {
    const t = await open();
    await storeEach(t.db, 0, 6);
    const before = await tableDigests(t.db);
    const crash = storeBlock(t.db, CHANNEL, sets[6]!, {
      afterRowsWritten: async (trx) => {
        // The rows really are there inside the transaction when it dies.
        const n = await trx
          .selectFrom('events')
          .select(sql<bigint>`count(*)`.as('n'))
          .where('block_number', '=', 6n)
          .executeTakeFirstOrThrow();
        expect(n.n).toBeGreaterThan(0n);
        throw new Error('injected crash');
      },
    });
    await expect(crash).rejects.toThrow('injected crash');
    expect(await tableDigests(t.db)).toEqual(before);
    await storeEach(t.db, 6);
    expect(await tableDigests(t.db)).toEqual(cleanDigest);
  });

  it('a connection killed mid-block (backend terminated) leaves no trace; a restart converges', async () => {
    const t = await open();
    await storeEach(t.db, 0, 4);
    const before = await tableDigests(t.db);
    const killer = new pg.Client(t.connectionString);
    await killer.connect();
    // The runner writes through its locked session; kill that connection half-way into a batch.
    const session = await tryOpenWriterSession(t.connectionString, CHANNEL);
    try {
      const crash = storeBlocks(session!.db, CHANNEL, sets.slice(4), {
        afterRowsWritten: async () => {
          await killer.query('SELECT pg_terminate_backend($1)', [session!.backendPid]);
        },
      });
      await expect(crash).rejects.toThrow();
      expect(session!.lost.aborted).toBe(true);
    } finally {
      await session?.release();
      await killer.end();
    }
    expect(await tableDigests(t.db)).toEqual(before);
    await storeBlocks(t.db, CHANNEL, sets.slice(4));
    expect(await tableDigests(t.db)).toEqual(cleanDigest);
  });

  it('keeps the first rows of an event the ledger carries twice, in any batching', async () => {
    // The contract writes an event once; should a ledger carry it again in a later block, the
    // optimistic insert meets a unique violation and the batch is written with conflict checks.
    const chain = new ChainBuilder();
    const captured = eventRecord({ eventId: 'urn:uuid:twice', epcList: [sgtin(1), sgtin(2)] });
    const other = eventRecord({ eventId: 'urn:uuid:other', epcList: [sgtin(3)] });
    chain.add([payloadTx(payload([captured]), { txId: 'first' })]);
    chain.add([payloadTx(payload([captured, other]), { txId: 'again' })]);
    const twice = chain.blocks.map(project);
    const oneByOne = await open();
    for (const set of twice) await storeBlock(oneByOne.db, CHANNEL, set);
    const rows = await oneByOne.db
      .selectFrom('event_identifiers')
      .select(['event_id', 'identifier', 'tx_id'])
      .orderBy('identifier')
      .execute();
    expect(rows).toEqual([
      { event_id: 'urn:uuid:twice', identifier: sgtin(1), tx_id: 'first' },
      { event_id: 'urn:uuid:twice', identifier: sgtin(2), tx_id: 'first' },
      { event_id: 'urn:uuid:other', identifier: sgtin(3), tx_id: 'again' },
    ]);
    expect(await readCheckpoint(oneByOne.db, CHANNEL)).toBe(2n);
    const batched = await open();
    await storeBlocks(batched.db, CHANNEL, twice);
    expect(await tableDigests(batched.db)).toEqual(await tableDigests(oneByOne.db));
  });

  it('refuses a block that breaks the hash chain, leaves a gap, or conflicts with a stored block', async () => {
    const t = await open();
    await storeEach(t.db, 0, 3);
    const before = await tableDigests(t.db);
    const forged = { ...sets[3]!, previousHash: new Uint8Array(32).fill(7) };
    await expect(storeBlock(t.db, CHANNEL, forged)).rejects.toBeInstanceOf(HashChainError);
    await expect(storeBlock(t.db, CHANNEL, forged)).rejects.toThrow(/block 3/);
    await expect(storeBlock(t.db, CHANNEL, sets[4]!)).rejects.toBeInstanceOf(BlockSequenceError);
    const conflicting = { ...sets[2]!, headerHash: new Uint8Array(32).fill(9) };
    await expect(storeBlock(t.db, CHANNEL, conflicting)).rejects.toBeInstanceOf(HashChainError);
    await expect(storeBlocks(t.db, CHANNEL, [sets[3]!, sets[5]!])).rejects.toBeInstanceOf(
      BlockSequenceError,
    );
    expect(await tableDigests(t.db)).toEqual(before);
  });
});

describe('the writer session', () => {
  it('is ended by the server when it stalls inside a transaction, which frees the lock', async () => {
    const t = await freshDatabase('writer_idle');
    try {
      const session = await tryOpenWriterSession(t.connectionString, 'idle', 200);
      expect(session).toBeDefined();
      const stalled = session!.db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        await new Promise((r) => setTimeout(r, 1_000)); // a hung writer
        await sql`SELECT 2`.execute(trx);
      });
      await expect(stalled).rejects.toThrow();
      expect(session!.lost.aborted).toBe(true);
      await session!.release();
      const standby = await tryOpenWriterSession(t.connectionString, 'idle');
      expect(standby).toBeDefined();
      await standby?.release();
    } finally {
      await t.db.destroy();
    }
  });
});
