import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../../chaincode/src/payload.js';
import { projectBlock } from '../../../src/indexer/projector.js';
import { storeBlock, storeBlocks } from '../../../src/indexer/store.js';
import { verifyMirror } from '../../../src/indexer/verify.js';
import { ChainBuilder, payloadTx, TEST_CHAINCODE } from '../../support/block-factory.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { eventRecord, payload, sgtin, sscc } from '../../support/payload-factory.js';
import { StubBlockSource } from '../../support/stub-block-source.js';
import { tableDigests } from '../../support/table-digest.js';

const CHANNEL = 'supplychain';
const X = sscc(10);
const P = sscc(11);
const C = sgtin(10);
const declared = {
  errorDeclaration: { declarationTime: '2026-01-02T00:00:00.000Z', reason: 'incorrect_data' },
};

const wrongReceipt = { eventId: 'ev-W', bizStep: 'receiving', epcList: [X] };
const wrongUnpack = {
  eventId: 'ev-WU',
  type: 'AggregationEvent' as const,
  action: 'DELETE' as const,
  parentId: P,
};

/** Ship and pack; a wrong receipt and unpack; the corrective ones; then the declaration. */
function chain(): ChainBuilder {
  const c = new ChainBuilder();
  const tx = (records: LedgerRecord[]) => payloadTx(payload(records));
  c.addConfig();
  c.add([
    tx([
      eventRecord({ eventId: 'ev-ship', bizStep: 'shipping', epcList: [X] }),
      eventRecord({
        eventId: 'ev-pack',
        type: 'AggregationEvent',
        action: 'ADD',
        parentId: P,
        childEpcs: [C],
      }),
    ]),
  ]);
  c.add([tx([eventRecord(wrongReceipt), eventRecord(wrongUnpack)])]);
  c.add([
    tx([
      eventRecord({ eventId: 'ev-V', bizStep: 'receiving', epcList: [X] }),
      eventRecord({
        eventId: 'ev-VU',
        type: 'AggregationEvent',
        action: 'DELETE',
        parentId: P,
        childEpcs: [C],
      }),
    ]),
  ]);
  c.add([
    tx([
      eventRecord({ ...wrongReceipt, ...declared }),
      eventRecord({ ...wrongUnpack, ...declared }),
    ]),
  ]);
  return c;
}

describe('error declarations on real PostgreSQL', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const t of opened) await t.db.destroy();
  });
  const sets = chain().blocks.map((b) => projectBlock(b, { chaincodeName: TEST_CHAINCODE }));

  it('hands the closes of a retracted receipt and unpack to the corrective events, however blocks are batched', async () => {
    const oneByOne = await freshDatabase('retraction');
    const batched = await freshDatabase('retraction');
    opened.push(oneByOne, batched);
    for (const set of sets) await storeBlock(oneByOne.db, CHANNEL, set);
    await storeBlocks(batched.db, CHANNEL, sets);

    const shipment = await oneByOne.db
      .selectFrom('shipments')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect([shipment.receive_event_id, shipment.receive_block_number]).toEqual(['ev-V', 3n]);
    const edge = await oneByOne.db.selectFrom('containment').selectAll().executeTakeFirstOrThrow();
    expect([edge.valid_to_event_id, edge.closed_block_number]).toEqual(['ev-VU', 3n]);

    const digest = await tableDigests(oneByOne.db);
    expect(await tableDigests(batched.db)).toEqual(digest);
    // A replay (the wrong receipt included) changes nothing now that it is retracted.
    for (const set of sets) await storeBlock(oneByOne.db, CHANNEL, set);
    expect(await tableDigests(oneByOne.db)).toEqual(digest);

    const report = await verifyMirror({
      db: oneByOne.db,
      source: new StubBlockSource(chain().blocks),
      channel: CHANNEL,
      chaincodeName: TEST_CHAINCODE,
      // Blocks of decoded structures, without envelopes: no write sets to check.
      checkWrites: false,
    });
    expect(report.ok).toBe(true);
  });

  it('reopens what a retracted receipt closed when nothing corrects it', async () => {
    const t = await freshDatabase('retraction');
    opened.push(t);
    const withoutCorrection = [sets[0]!, sets[1]!, sets[2]!];
    await storeBlocks(t.db, CHANNEL, withoutCorrection);
    expect(
      (await t.db.selectFrom('shipments').select('receive_event_id').executeTakeFirstOrThrow())
        .receive_event_id,
    ).toBe('ev-W');
    const c = new ChainBuilder();
    for (const b of chain().blocks.slice(0, 3)) c.blocks.push(b);
    const declaration = c.add([
      payloadTx(
        payload([
          eventRecord({ ...wrongReceipt, ...declared }),
          eventRecord({ ...wrongUnpack, ...declared }),
        ]),
      ),
    ]);
    await storeBlock(t.db, CHANNEL, projectBlock(declaration, { chaincodeName: TEST_CHAINCODE }));
    expect(
      (await t.db.selectFrom('shipments').select('receive_event_id').executeTakeFirstOrThrow())
        .receive_event_id,
    ).toBeNull();
    expect(
      (await t.db.selectFrom('containment').select('valid_to').executeTakeFirstOrThrow()).valid_to,
    ).toBeNull();
  });

  it('derives the same contained rows when an unpack and its declaration share a batch', async () => {
    // Pack C into P; unpack it (X); ship P; declare X erroneous. Block by block, the shipment of P
    // sees C unpacked (X counted then), so C is not inside it; batched, it must be the same.
    const c = new ChainBuilder();
    const tx = (records: LedgerRecord[]) => payloadTx(payload(records));
    const unpack = {
      eventId: 'ev-X',
      type: 'AggregationEvent' as const,
      action: 'DELETE' as const,
      parentId: P,
      childEpcs: [C],
      eventTime: '2026-01-01T02:00:00.000Z',
    };
    c.addConfig();
    c.add([
      tx([
        eventRecord({
          eventId: 'ev-pack',
          type: 'AggregationEvent',
          action: 'ADD',
          parentId: P,
          childEpcs: [C],
          eventTime: '2026-01-01T01:00:00.000Z',
        }),
      ]),
    ]);
    c.add([tx([eventRecord(unpack)])]);
    c.add([
      tx([
        eventRecord({
          eventId: 'ev-ship-P',
          bizStep: 'shipping',
          epcList: [P],
          eventTime: '2026-01-01T03:00:00.000Z',
        }),
      ]),
    ]);
    c.add([tx([eventRecord({ ...unpack, ...declared })])]);
    const blocks = c.blocks.map((b) => projectBlock(b, { chaincodeName: TEST_CHAINCODE }));
    const oneByOne = await freshDatabase('retraction');
    const batched = await freshDatabase('retraction');
    opened.push(oneByOne, batched);
    for (const set of blocks) await storeBlock(oneByOne.db, CHANNEL, set);
    await storeBlocks(batched.db, CHANNEL, blocks);
    const contained = (t: TestDatabase) =>
      t.db
        .selectFrom('event_identifiers')
        .select(['event_id', 'identifier'])
        .where('role', '=', 'contained')
        .execute();
    expect(await contained(oneByOne)).toEqual([]);
    expect(await contained(batched)).toEqual([]);
    expect(await tableDigests(batched.db)).toEqual(await tableDigests(oneByOne.db));
  });
});
