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
import { UNWRITTEN_RECORDS_TABLE } from '../../../src/indexer/verify-writes.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { getTestFabric } from '../../support/fabric-identities.js';
import { indexBlocks } from '../../support/run-indexer.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase('verify_writes');
});
afterAll(async () => {
  await database.db.destroy();
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

describe('verify holds the events the mirror is projected from to the writes (real blocks)', () => {
  it('passes a chain whose events are its writes, and names the transaction whose event is not', async () => {
    const fabric = await getTestFabric();
    const sequence = createBlockSequence({ channel: 'supplychain', orderer: fabric.orderer });
    const tx = (
      record: ReturnType<typeof organization>,
      writes: KvWriteSpec[],
    ): TransactionSpec => ({
      creator: fabric.manufacturer.admin,
      endorsers: [fabric.manufacturer.peer, fabric.distributor.peer],
      chaincode: 'provenance',
      functionName: 'RegisterOrganization',
      event: {
        name: 'provenance.v1',
        payload: Buffer.from(
          JSON.stringify({
            version: 1,
            function: 'RegisterOrganization',
            creatorMsp: 'ManufacturerMSP',
            txTimestamp: '2026-01-01T00:00:00.000Z',
            records: [record],
          }),
        ),
      },
      writes,
      timestamp: new Date('2026-01-01T00:00:00Z'),
    });
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
});
