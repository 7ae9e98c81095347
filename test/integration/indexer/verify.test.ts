import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { BlockSource } from '../../../src/indexer/block-source.js';
import { projectBlock } from '../../../src/indexer/projector.js';
import { storeBlocks } from '../../../src/indexer/store.js';
import { verifyMirror, type MirrorDifference } from '../../../src/indexer/verify.js';
import { TEST_CHAINCODE } from '../../support/block-factory.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { sgtin, sscc } from '../../support/payload-factory.js';
import { StubBlockSource } from '../../support/stub-block-source.js';
import { supplyChainScenario } from '../../support/supply-chain-scenario.js';

const CHANNEL = 'supplychain';
const blocks = supplyChainScenario().blocks;

describe('verify on real PostgreSQL', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const t of opened) await t.db.destroy();
  });

  async function indexed(): Promise<TestDatabase> {
    const t = await freshDatabase('verify');
    opened.push(t);
    await storeBlocks(
      t.db,
      CHANNEL,
      blocks.map((b) => projectBlock(b, { chaincodeName: TEST_CHAINCODE })),
    );
    return t;
  }

  const verify = (
    t: TestDatabase,
    options: { fromBlock?: bigint; chunkBlocks?: number; chain?: typeof blocks } = {},
  ) =>
    verifyMirror({
      db: t.db,
      source: new StubBlockSource([...(options.chain ?? blocks)]),
      channel: CHANNEL,
      chaincodeName: TEST_CHAINCODE,
      // Blocks of decoded structures, without envelopes: no write sets to check.
      checkWrites: false,
      ...(options.fromBlock === undefined ? {} : { fromBlock: options.fromBlock }),
      chunkBlocks: options.chunkBlocks ?? 3,
    });

  it('finds no difference in a mirror the indexer wrote, in any chunking and from any block', async () => {
    const t = await indexed();
    expect(await verify(t)).toEqual({ ok: true, fromBlock: 0n, toBlock: 7n, blocksChecked: 8n });
    expect((await verify(t, { chunkBlocks: 1 })).ok).toBe(true);
    expect((await verify(t, { chunkBlocks: 100 })).ok).toBe(true);
    expect(await verify(t, { fromBlock: 5n })).toMatchObject({ ok: true, blocksChecked: 3n });
  });

  const cases: [string, string, Partial<MirrorDifference> & { keyContains: string }][] = [
    [
      'a state row edited',
      `UPDATE identifier_state SET location = 'urn:epc:id:sgln:0000000.00000.0' WHERE epc = '${sgtin(2)}'`,
      { table: 'identifier_state', kind: 'different', blockNumber: 3n, keyContains: sgtin(2) },
    ],
    [
      'an event document edited',
      `UPDATE events SET document = '{"forged": true}' WHERE event_id = 'ev-ship'`,
      { table: 'events', kind: 'different', blockNumber: 4n, keyContains: 'ev-ship' },
    ],
    [
      'a row deleted',
      `DELETE FROM event_identifiers WHERE event_id = 'ev-commission' AND identifier = '${sgtin(4)}'`,
      { table: 'event_identifiers', kind: 'missing', blockNumber: 2n, keyContains: sgtin(4) },
    ],
    [
      'a row invented',
      `INSERT INTO custody_transfers VALUES ('ev-pack-1', '${sgtin(1)}', 'ownership', NULL, 'urn:epc:id:pgln:9.9', NULL, now(), 'tx', 3, 0)`,
      { table: 'custody_transfers', kind: 'unexpected', blockNumber: 3n, keyContains: 'ev-pack-1' },
    ],
    [
      'an edge retagged with another lot',
      `UPDATE lineage_edge SET from_lot = NULL WHERE event_id = 'ev-pack-1' AND from_id = '${sgtin(1)}'`,
      { table: 'lineage_edge', kind: 'different', blockNumber: 3n, keyContains: sgtin(1) },
    ],
    [
      'a block header edited',
      `UPDATE blocks SET data_hash = '\\x00' WHERE number = 6`,
      { table: 'blocks', kind: 'different', blockNumber: 6n, keyContains: 'number=6' },
    ],
    [
      'an invalid transaction made valid',
      `UPDATE transactions SET validation_code = 0 WHERE tx_id = 'tx-mvcc'`,
      { table: 'transactions', kind: 'different', blockNumber: 3n, keyContains: 'tx_index=1' },
    ],
    [
      'an unpack undone',
      `UPDATE lineage_edge SET valid_to = NULL, valid_to_event_id = NULL, closed_tx_id = NULL, closed_block_number = NULL, closed_tx_index = NULL WHERE valid_to_event_id = 'ev-unpack' AND from_id = '${sgtin(2)}'`,
      { table: 'lineage_edge (closes)', kind: 'missing', blockNumber: 6n, keyContains: sgtin(2) },
    ],
    [
      'a receipt forged',
      `UPDATE shipments SET receive_event_id = 'ev-receive', receive_time = now(), received_by_msp = 'X', receive_tx_id = 'tx', receive_block_number = 5, receive_tx_index = 0 WHERE identifier = '${sscc(2)}'`,
      { table: 'shipments (receipts)', kind: 'unexpected', blockNumber: 5n, keyContains: sscc(2) },
    ],
    [
      'a retraction removed',
      `UPDATE events SET retracted = false, retraction_time = NULL, retraction_reason = NULL, corrective_event_ids = NULL, retracted_tx_id = NULL, retracted_block_number = NULL, retracted_tx_index = NULL WHERE event_id = 'ev-oops'`,
      // Un-retracted, ev-oops's receipt of case 2 counts again: the first consequence is at block 5.
      { table: 'shipments (receipts)', kind: 'missing', blockNumber: 5n, keyContains: sscc(2) },
    ],
    [
      'a retraction reason edited',
      `UPDATE events SET retraction_reason = 'typo' WHERE event_id = 'ev-oops'`,
      { table: 'events (retraction)', kind: 'different', blockNumber: 7n, keyContains: 'ev-oops' },
    ],
    [
      'a child row dropped',
      `DELETE FROM recall_lots WHERE recall_id = 'R1' AND lot_class LIKE '%LOT2'`,
      { table: 'recall_lots', kind: 'missing', blockNumber: 7n, keyContains: 'LOT2' },
    ],
    [
      'a row beyond the checkpoint',
      `INSERT INTO biz_transactions VALUES ('ev-x', 'po', 'PO-9', 'tx', 99, 0)`,
      { table: 'biz_transactions', kind: 'unexpected', blockNumber: 99n, keyContains: 'PO-9' },
    ],
  ];

  it.each(cases)('reports %s (table, key, block) and fails', async (_name, tamper, expected) => {
    const t = await indexed();
    await sql.raw(tamper).execute(t.db);
    const report = await verify(t);
    expect(report.ok).toBe(false);
    const { keyContains, ...fields } = expected;
    expect(report.firstDifference).toMatchObject(fields);
    expect(report.firstDifference!.key).toContain(keyContains);
  });

  it('fails, naming the blocks not compared, when the source ends before the last block', async () => {
    const t = await indexed();
    const short: BlockSource = {
      chainHeight: () => Promise.resolve(BigInt(blocks.length)),
      async *blocks(start) {
        for (const b of blocks.slice(Number(start), 2)) yield await Promise.resolve(b);
      },
    };
    await expect(
      verifyMirror({
        db: t.db,
        source: short,
        channel: CHANNEL,
        chaincodeName: TEST_CHAINCODE,
        // Blocks of decoded structures, without envelopes: no write sets to check.
        checkWrites: false,
        chunkBlocks: 1,
      }),
    ).rejects.toThrow(
      new RegExp(`block source ended after block 1, before block ${blocks.length - 1}`),
    );
  });

  it('reports a mirror holding blocks the ledger does not have', async () => {
    const t = await indexed();
    const report = await verify(t, { chain: blocks.slice(0, 6) });
    expect(report).toMatchObject({
      ok: false,
      toBlock: 5n,
      firstDifference: { table: 'blocks', blockNumber: 6n, kind: 'unexpected' },
    });
  });
});
