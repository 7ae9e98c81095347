/**
 * verify holds each transaction's records to its endorsed writes: a mirror faithfully projected
 * from an event that is not what the transaction wrote fails verify, naming the transaction.
 * Real-format blocks (signed by the test identities), the real runner, real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../chaincode/src/util/canonical-json.js';
import { createBlockSequence } from '../../../src/ledger/block-builder.js';
import {
  buildConfigEnvelope,
  type KvWriteSpec,
  type TransactionSpec,
} from '../../../src/ledger/transaction-builder.js';
import { verifyMirror } from '../../../src/indexer/verify.js';
import { UNWRITTEN_RECORDS_TABLE, unwrittenRecords } from '../../../src/indexer/verify-writes.js';
import type { DecodedBlock } from '../../../src/ledger/types.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { getTestFabric } from '../../support/fabric-identities.js';
import { replayBlockSource } from '../../../src/loader/replay-block-source.js';
import { indexBlocks } from '../../support/run-indexer.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase('verify_writes');
});
afterAll(async () => {
  await database.db.destroy();
});

/** The contract's payload carrying one record. */
const payloadOf = (record: unknown) => ({
  version: 1,
  function: 'RegisterOrganization',
  creatorMsp: 'ManufacturerMSP',
  txTimestamp: '2026-01-01T00:00:00.000Z',
  records: [record],
});

/** An organisation record as the contract writes it. */
const organization = (mspId: string, name: string) => ({
  kind: 'organization',
  key: `org|${mspId}`,
  value: {
    mspId,
    name,
    role: 'manufacturer',
    partyIds: ['urn:epc:id:pgln:0614141.00001'],
    companyPrefixes: ['0614141'],
    updatedTx: 'tx',
  },
});

type TestFabric = Awaited<ReturnType<typeof getTestFabric>>;

/** A RegisterOrganization transaction of the manufacturer carrying `payload`, writing `writes`. */
const registration = (
  fabric: TestFabric,
  payload: Buffer,
  writes: KvWriteSpec[],
): TransactionSpec => ({
  creator: fabric.manufacturer.admin,
  endorsers: [fabric.manufacturer.peer, fabric.distributor.peer],
  chaincode: 'provenance',
  functionName: 'RegisterOrganization',
  event: { name: 'provenance.v1', payload },
  writes,
  timestamp: new Date('2026-01-01T00:00:00Z'),
});

/** The registration whose event carries `record`. */
const recording = (
  fabric: TestFabric,
  record: ReturnType<typeof organization>,
  writes: KvWriteSpec[],
): TransactionSpec => registration(fabric, Buffer.from(JSON.stringify(payloadOf(record))), writes);

describe('verify holds the events the mirror is projected from to the writes (real blocks)', () => {
  it('passes a chain whose events are its writes, and names the transaction whose event is not', async () => {
    const fabric = await getTestFabric();
    const sequence = createBlockSequence({ channel: 'supplychain', orderer: fabric.orderer });
    const tx = (record: ReturnType<typeof organization>, writes: KvWriteSpec[]) =>
      recording(fabric, record, writes);
    const faithful = organization('ManufacturerMSP', 'Manufacturer');
    const renamed = organization('ManufacturerMSP', 'Renamed');
    const blocks = [
      sequence.next([{ ...buildConfigEnvelope('supplychain', 0), validationCode: 0 }]).bytes,
      sequence.next([tx(faithful, [{ key: faithful.key, value: canonicalJson(faithful.value) }])])
        .bytes,
      // The event says "Renamed"; world state got the old name.
      sequence.next([tx(renamed, [{ key: renamed.key, value: canonicalJson(faithful.value) }])])
        .bytes,
    ];
    const { source, runner } = await indexBlocks(database.connectionString, blocks);
    expect(runner.status().indexedHeight).toBe(3n);

    const verify = (toBlock?: bigint) =>
      verifyMirror({
        db: database.db,
        source,
        channel: 'supplychain',
        chaincodeName: 'provenance',
        ...(toBlock === undefined ? {} : { toBlock }),
      });
    // The mirror is exactly what the events say, so only the writes check can tell.
    expect(await verify(1n)).toMatchObject({ ok: true, toBlock: 1n });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstDifference).toMatchObject({
      table: UNWRITTEN_RECORDS_TABLE,
      blockNumber: 2n,
      kind: 'different',
    });
    expect(report.firstDifference?.key).toMatch(
      /^tx [0-9a-f]{64}: the value written under org\|ManufacturerMSP differs from its record$/,
    );
    // Without the writes check the mirror matches its events.
    const rowsOnly = await verifyMirror({
      db: database.db,
      source,
      channel: 'supplychain',
      chaincodeName: 'provenance',
      checkWrites: false,
    });
    expect(rowsOnly.ok).toBe(true);
  });

  it('reports an earlier block’s unwritten records when a later block of the same chunk cannot be projected', async () => {
    const fabric = await getTestFabric();
    const db = await freshDatabase('verify_writes_then_throw');
    try {
      const sequence = createBlockSequence({ channel: 'supplychain', orderer: fabric.orderer });
      const faithful = organization('ManufacturerMSP', 'Manufacturer');
      const renamed = organization('ManufacturerMSP', 'Renamed');
      const shared = [
        sequence.next([{ ...buildConfigEnvelope('supplychain', 0), validationCode: 0 }]).bytes,
        // The event says "Renamed"; world state got the old name.
        sequence.next([
          recording(fabric, renamed, [{ key: renamed.key, value: canonicalJson(faithful.value) }]),
        ]).bytes,
      ];
      // The mirror indexed a good block 2; the ledger verify reads has one whose event is not JSON.
      const fork = createBlockSequence({
        channel: 'supplychain',
        orderer: fabric.orderer,
        startNumber: sequence.nextNumber,
        previousHash: sequence.previousHash,
      });
      const good = sequence.next([
        recording(fabric, faithful, [{ key: faithful.key, value: canonicalJson(faithful.value) }]),
      ]).bytes;
      const unreadable = fork.next([registration(fabric, Buffer.from('not json'), [])]).bytes;
      await indexBlocks(db.connectionString, [...shared, good]);
      const options = { db: db.db, channel: 'supplychain', chaincodeName: 'provenance' };
      const report = await verifyMirror({
        ...options,
        source: replayBlockSource([...shared, unreadable]),
      });
      expect(report.firstDifference).toMatchObject({
        table: UNWRITTEN_RECORDS_TABLE,
        blockNumber: 1n,
      });
      // Without an earlier difference, the block that cannot be projected still throws.
      await expect(
        verifyMirror({
          ...options,
          source: replayBlockSource([...shared, unreadable]),
          checkWrites: false,
        }),
      ).rejects.toThrow('chaincode event payload is not UTF-8 JSON');
    } finally {
      await db.db.destroy();
    }
  });

  it('fails an event naming our chaincode in a transaction that invoked another, which the indexer projects', async () => {
    const fabric = await getTestFabric();
    const db = await freshDatabase('verify_writes_foreign');
    try {
      const sequence = createBlockSequence({ channel: 'supplychain', orderer: fabric.orderer });
      const forged = organization('PharmacyMSP', 'Forged');
      const blocks = [
        sequence.next([{ ...buildConfigEnvelope('supplychain', 0), validationCode: 0 }]).bytes,
        sequence.next([
          {
            creator: fabric.pharmacy.admin,
            endorsers: [fabric.pharmacy.peer],
            chaincode: 'mychaincode',
            functionName: 'Anything',
            event: {
              name: 'provenance.v1',
              chaincodeId: 'provenance',
              payload: Buffer.from(JSON.stringify(payloadOf(forged))),
            },
            writes: [],
          },
        ]).bytes,
      ];
      const { source } = await indexBlocks(db.connectionString, blocks);
      // The indexer took the record: its event names our chaincode.
      const projected = await db.db
        .selectFrom('organizations')
        .select('name')
        .where('msp_id', '=', 'PharmacyMSP')
        .execute();
      expect(projected).toEqual([{ name: 'Forged' }]);
      const report = await verifyMirror({
        db: db.db,
        source,
        channel: 'supplychain',
        chaincodeName: 'provenance',
      });
      expect(report.firstDifference).toMatchObject({
        table: UNWRITTEN_RECORDS_TABLE,
        blockNumber: 1n,
      });
      expect(report.firstDifference?.key).toMatch(
        /the event names chaincode provenance, not mychaincode$/,
      );
    } finally {
      await db.db.destroy();
    }
  });

  it('refuses to check blocks without their raw bytes rather than report the ledger', () => {
    const block: DecodedBlock = {
      number: 4n,
      headerHash: new Uint8Array(0),
      previousHash: new Uint8Array(0),
      dataHash: new Uint8Array(0),
      dataHashMatches: true,
      isConfig: false,
      raw: new Uint8Array(0),
      transactions: [
        {
          txId: 'a'.repeat(64),
          index: 0,
          headerType: 3,
          validationCode: 0,
          timestamp: new Date(0),
          creatorMsp: 'ManufacturerMSP',
          endorserMsps: [],
          chaincode: 'provenance',
        },
      ],
    };
    expect(() => unwrittenRecords(block, 'provenance')).toThrow(
      'block 4 has no raw bytes to check the writes of; pass checkWrites: false',
    );
  });
});
