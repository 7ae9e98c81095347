import { sql } from 'kysely';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../../src/logger.js';
import {
  listenForIndexedBlocks,
  type BlockListener,
} from '../../../src/server/block-notifications.js';
import { InProcessPubSub } from '../../../src/server/pubsub.js';
import { startApiHarness, type ApiHarness } from '../../support/api-harness.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';

let database: TestDatabase;
let api: ApiHarness;
let listener: BlockListener;

beforeAll(async () => {
  database = await freshDatabase('api_subscriptions');
  const pubSub = new InProcessPubSub();
  api = await startApiHarness(database.db, { pubSub });
  listener = await listenForIndexedBlocks(database.connectionString, pubSub, createLogger('error'));
});
afterAll(async () => {
  await listener.stop();
  await api.server.stop();
  await database.db.destroy();
});

function subscribe(
  apiKey: string | undefined,
  query: string,
): { next: () => Promise<any>; close: () => Promise<void> } {
  const client = createClient({
    url: api.server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: apiKey === undefined ? {} : { apiKey },
    retryAttempts: 0,
  });
  const iterator = client.iterate({ query })[Symbol.asyncIterator]();
  return {
    next: async (): Promise<unknown> => (await iterator.next()).value as unknown,
    close: async () => {
      await iterator.return?.();
      await client.dispose();
    },
  };
}

describe('subscriptions over graphql-ws with Postgres NOTIFY', () => {
  it('delivers blockIndexed when the store notifies inside its transaction', async () => {
    const sub = subscribe(api.keys.reader, 'subscription { blockIndexed }');
    // Give the subscription a moment to register before notifying.
    await new Promise((r) => setTimeout(r, 200));
    await database.db.transaction().execute(async (tx) => {
      await sql`SELECT pg_notify('provenance_block_indexed', '41')`.execute(tx);
    });
    const first = await sub.next();
    expect(first, JSON.stringify(first)).toEqual({ data: { blockIndexed: 41 } });
    await sub.close();
  });

  it('refuses a subscription without a key', async () => {
    const sub = subscribe(undefined, 'subscription { blockIndexed }');
    await expect(sub.next()).rejects.toBeDefined();
    await sub.close().catch(() => undefined);
  });
});
