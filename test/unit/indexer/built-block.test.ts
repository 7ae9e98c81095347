import { beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_EVENT_NAME } from '../../../chaincode/src/payload.js';
import { projectBlock } from '../../../src/indexer/projector.js';
import { createBlockSequence } from '../../../src/ledger/block-builder.js';
import { decodeBlock } from '../../../src/ledger/block-decoder.js';
import {
  buildConfigEnvelope,
  type TransactionSpec,
} from '../../../src/ledger/transaction-builder.js';
import { ValidationCode } from '../../../src/ledger/types.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import {
  eventRecord,
  identifierRecord,
  lgtin,
  payload,
  sgtin,
} from '../../support/payload-factory.js';

// Real-format blocks from src/ledger/block-builder.ts, decoded by src/ledger/block-decoder.ts.
describe('projecting a block built and decoded by src/ledger', () => {
  let fabric: TestFabric;
  beforeAll(async () => {
    fabric = await getTestFabric();
  });

  it('projects our chaincode event of a valid transaction and records the invalid one', () => {
    const sequence = createBlockSequence({ channel: fabric.channel, orderer: fabric.orderer });
    const genesis = decodeBlock(
      sequence.next([
        { envelope: buildConfigEnvelope(fabric.channel, 0, { signer: fabric.orderer }).envelope },
      ]).bytes,
    );
    const capture = payload([
      eventRecord({
        eventId: 'ev-1',
        action: 'ADD',
        bizStep: 'commissioning',
        epcList: [sgtin(1)],
      }),
      identifierRecord({ epc: sgtin(1), lotClass: lgtin('L1'), lastEventId: 'ev-1' }),
    ]);
    const spec = (p: unknown, validationCode = 0): TransactionSpec => ({
      creator: fabric.manufacturer.client,
      endorsers: [fabric.manufacturer.peer, fabric.distributor.peer],
      chaincode: 'provenance',
      functionName: 'CaptureEvents',
      event: { name: PAYLOAD_EVENT_NAME, payload: new TextEncoder().encode(JSON.stringify(p)) },
      validationCode,
      timestamp: new Date('2026-05-01T10:00:00.000Z'),
    });
    const built = sequence.next([
      spec(capture),
      spec(payload([eventRecord({ eventId: 'ev-lost' })]), ValidationCode.MVCC_READ_CONFLICT),
    ]);
    const block = decodeBlock(built.bytes);

    const genesisRows = projectBlock(genesis, { chaincodeName: 'provenance' });
    expect(genesisRows.rows.blocks[0]).toMatchObject({ number: 0n, is_config: true });
    const set = projectBlock(block, { chaincodeName: 'provenance' });
    // The store's hash-chain check compares exactly these.
    expect(Buffer.from(set.previousHash).equals(Buffer.from(genesisRows.headerHash))).toBe(true);
    expect(Buffer.from(set.headerHash).equals(Buffer.from(built.headerHash))).toBe(true);
    expect(
      set.rows.transactions.map((t) => [
        t.tx_id,
        t.validation_code,
        t.payload_version,
        t.creator_msp,
        t.endorser_msps,
      ]),
    ).toEqual([
      [
        built.txIds[0],
        0,
        1,
        fabric.manufacturer.mspId,
        [fabric.manufacturer.mspId, fabric.distributor.mspId],
      ],
      [
        built.txIds[1],
        11,
        null,
        fabric.manufacturer.mspId,
        [fabric.manufacturer.mspId, fabric.distributor.mspId],
      ],
    ]);
    expect(set.rows.events.map((e) => [e.event_id, e.tx_id, e.block_number])).toEqual([
      ['ev-1', built.txIds[0], 1n],
    ]);
    expect(set.rows.lineage_edge.map((e) => [e.kind, e.from_id, e.to_id])).toEqual([
      ['lot_membership', lgtin('L1'), sgtin(1)],
    ]);
    expect(set.rows.blocks[0]).toMatchObject({
      number: 1n,
      tx_count: 2,
      is_config: false,
      block_time: '2026-05-01T10:00:00.000Z',
    });
  });
});
