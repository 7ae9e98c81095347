import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  startSubscriptionPublisher,
  type SubscriptionPublisher,
} from '../../../src/resolvers/subscriptions.publisher.js';
import { createLogger } from '../../../src/logger.js';
import {
  listenForIndexedBlocks,
  type BlockListener,
} from '../../../src/server/block-notifications.js';
import { InProcessPubSub } from '../../../src/server/pubsub.js';
import { startApiHarness, type ApiHarness } from '../../support/api-harness.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  at,
  commission,
  epcisEvent,
  ID,
  LedgerRecorder,
  ORG,
  receive,
  registerParties,
  ship,
} from '../../support/graph-fixture.js';

// Blocks come from the real contract (in-memory ledger) and are stored by the real indexer store,
// whose NOTIFY (sent on commit) drives the publisher through the API's LISTEN connection.
let database: TestDatabase;
let api: ApiHarness;
let listener: BlockListener;
let publisher: SubscriptionPublisher;
let rec: LedgerRecorder;

beforeAll(async () => {
  database = await freshDatabase('api_subscriptions_events');
  const pubSub = new InProcessPubSub();
  api = await startApiHarness(database.db, { pubSub });
  listener = await listenForIndexedBlocks(database.connectionString, pubSub, createLogger('error'));
  publisher = startSubscriptionPublisher(database.db, pubSub, createLogger('error'));
  rec = await LedgerRecorder.create();
  await registerParties(rec);
  await rec.flush(database.db);
});
afterAll(async () => {
  await publisher.stop();
  await listener.stop();
  await api.server.stop();
  await database.db.destroy();
});

/** Stores the blocks recorded since the last call; the store announces them on commit. */
async function commit(): Promise<void> {
  await rec.flush(database.db);
}

function subscribe(
  query: string,
  apiKey = api.keys.reader,
): { next: () => Promise<any>; close: () => Promise<void> } {
  const client = createClient({
    url: api.server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { apiKey },
    retryAttempts: 0,
  });
  const iterator = client.iterate({ query })[Symbol.asyncIterator]();
  return {
    next: async (): Promise<any> => (await iterator.next()).value,
    close: async () => {
      await iterator.return?.();
      await client.dispose();
    },
  };
}
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 250));

describe('eventCaptured and recallUpdated over graphql-ws', () => {
  it('delivers each new event to the subscribers whose filter it matches, in ledger order, with provenance', async () => {
    const shipping = subscribe(
      'subscription { eventCaptured(filter: { bizStep: ["shipping"] }) { eventId bizStep txId blockNumber identifiers { role identifier } capturedBy { mspId } } }',
    );
    const drum = subscribe(
      `subscription { eventCaptured(filter: { anyEPC: ["${ID.drum(1)}"] }) { bizStep retracted } }`,
    );
    const recalls = subscribe(
      `subscription { recallUpdated(recallId: "RCL-9") { recallId status classification lotClasses lots { lotClass } txId } }`,
    );
    await settle();
    await rec.capture(
      'commission-drums',
      'supplier',
      commission(1, [1, 2, 3].map(ID.drum), 'API-001', 'supplier'),
    );
    await rec.capture(
      'ship-drums',
      'supplier',
      ship(4, [ID.drum(1), ID.drum(2)], 'supplier', 'manufacturer'),
    );
    await rec.capture(
      'receive-drums',
      'manufacturer',
      receive(5, [ID.drum(1), ID.drum(2)], 'manufacturer'),
    );
    await commit();

    const shipped = await shipping.next();
    expect(shipped.errors).toBeUndefined();
    expect(shipped.data.eventCaptured).toMatchObject({
      bizStep: 'shipping',
      txId: rec.tx.get('ship-drums')?.txId,
      blockNumber: Number(rec.tx.get('ship-drums')?.blockNumber),
      identifiers: [
        { role: 'EPC', identifier: ID.drum(1) },
        { role: 'EPC', identifier: ID.drum(2) },
      ],
      capturedBy: { mspId: ORG.supplier.msp },
    });
    expect([(await drum.next()).data, (await drum.next()).data, (await drum.next()).data]).toEqual([
      { eventCaptured: { bizStep: 'commissioning', retracted: false } },
      { eventCaptured: { bizStep: 'shipping', retracted: false } },
      { eventCaptured: { bizStep: 'receiving', retracted: false } },
    ]);

    // An errorDeclaration delivers the event again, now flagged; nothing else matched the shipping filter.
    const wrong = epcisEvent('ObjectEvent', 8, {
      eventID: 'urn:uuid:5c0e2f7a-1b3d-4e6f-8a9b-0c1d2e3f4a5b',
      action: 'OBSERVE',
      bizStep: 'shipping',
      epcList: [ID.drum(1)],
      readPoint: { id: ORG.manufacturer.site },
    });
    await rec.capture('wrong', 'manufacturer', wrong);
    await commit();
    expect((await drum.next()).data.eventCaptured).toEqual({
      bizStep: 'shipping',
      retracted: false,
    });
    expect((await shipping.next()).data.eventCaptured.txId).toBe(rec.tx.get('wrong')?.txId);
    await rec.capture('declare', 'manufacturer', {
      ...wrong,
      errorDeclaration: { declarationTime: at(9), reason: 'incorrect_data' },
    });
    await commit();
    expect((await drum.next()).data.eventCaptured).toEqual({
      bizStep: 'shipping',
      retracted: true,
    });

    // The contract refuses to ship recalled goods, so the recalls come last.
    await rec.invoke(
      'recall-other',
      'InitiateRecall',
      { recallId: 'RCL-8', lotClasses: [ID.ingredientLot], classification: 'III', reason: 'label' },
      { mspId: ORG.supplier.msp, timestamp: at(10) },
    );
    await rec.invoke(
      'recall',
      'InitiateRecall',
      { recallId: 'RCL-9', lotClasses: [ID.ingredientLot], classification: 'II', reason: 'assay' },
      { mspId: ORG.supplier.msp, timestamp: at(11) },
    );
    await commit();
    // RCL-8 does not match the recallId filter; RCL-9 is the first delivery.
    expect((await recalls.next()).data.recallUpdated).toEqual({
      recallId: 'RCL-9',
      status: 'open',
      classification: 'II',
      lotClasses: [ID.ingredientLot],
      lots: [{ lotClass: ID.ingredientLot }],
      txId: rec.tx.get('recall')?.txId,
    });
    await Promise.all([shipping.close(), drum.close(), recalls.close()]);
  });

  it('delivers an event captured and declared erroneous in one indexer batch live first, then retracted', async () => {
    const drum = subscribe(
      `subscription { eventCaptured(filter: { anyEPC: ["${ID.drum(3)}"] }) { eventId retracted } }`,
    );
    await settle();
    const inspected = epcisEvent('ObjectEvent', 12, {
      eventID: 'urn:uuid:7d1f3a8b-2c4e-4f60-9a1b-2c3d4e5f6a7b',
      action: 'OBSERVE',
      bizStep: 'inspecting',
      epcList: [ID.drum(3)],
      readPoint: { id: ORG.supplier.site },
    });
    await rec.capture('inspect', 'supplier', inspected);
    await rec.capture('declare-inspect', 'supplier', {
      ...inspected,
      errorDeclaration: { declarationTime: at(13), reason: 'incorrect_data' },
    });
    await commit(); // both blocks in one store batch
    const eventId = inspected.eventID;
    expect([(await drum.next()).data, (await drum.next()).data]).toEqual([
      { eventCaptured: { eventId, retracted: false } },
      { eventCaptured: { eventId, retracted: true } },
    ]);
    await drum.close();
  });

  it('refuses a malformed filter when subscribing, not at the first event', async () => {
    const bad = subscribe(
      'subscription { eventCaptured(filter: { epc: ["not-a-urn"] }) { eventId } }',
    );
    const first = await bad.next();
    expect(first.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.epc',
    });
    await bad.close();
  });
});
