import { sql } from 'kysely';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { insertApiKey, revokeApiKey } from '../../../src/db/api-keys.queries.js';
import { createLogger } from '../../../src/logger.js';
import { allowListOf } from '../../../src/server/allow-list.js';
import { generateApiKey } from '../../../src/server/api-keys.js';
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
  opts: {
    url?: string;
    variables?: Record<string, unknown>;
    onClose?: (code: number) => void;
  } = {},
): { next: () => Promise<any>; close: () => Promise<void> } {
  const client = createClient({
    url: opts.url ?? api.server.wsUrl,
    ...(opts.onClose === undefined
      ? {}
      : { on: { closed: (event) => opts.onClose?.((event as { code: number }).code) } }),
    webSocketImpl: WebSocket,
    connectionParams: apiKey === undefined ? {} : { apiKey },
    retryAttempts: 0,
  });
  const iterable = client.iterate({
    query,
    ...(opts.variables === undefined ? {} : { variables: opts.variables }),
  });
  const iterator = iterable[Symbol.asyncIterator]();
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

  it('serves subscriptions only: a query over the socket is refused with a pointer to HTTP', async () => {
    const sub = subscribe(api.keys.reader, '{ _meta { channel } }');
    const error = await sub.next().catch((e: unknown) => e);
    expect(error).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/subscriptions only; send a query as an HTTP POST/),
        extensions: { code: 'BAD_REQUEST' },
      }),
    ]);
    await sub.close().catch(() => undefined);
  });
});

describe('the socket gets the checks HTTP gets', () => {
  let strict: ApiHarness;
  let strictListener: BlockListener;
  beforeAll(async () => {
    const pubSub = new InProcessPubSub();
    strictListener = await listenForIndexedBlocks(
      database.connectionString,
      pubSub,
      createLogger('error'),
    );
    strict = await startApiHarness(database.db, {
      pubSub,
      limits: { maxDepth: 3, maxAliases: 1, maxCost: 100, defaultListSize: 50 },
      keyCacheTtlMs: 50,
      allowList: allowListOf([
        'subscription { blockIndexed }',
        'subscription { eventCaptured { a: eventId b: eventId } }',
        'subscription { noSuchField }',
      ]),
    });
  });
  afterAll(async () => {
    await strictListener.stop();
    await strict.server.stop();
  });
  const refusal = async (query: string): Promise<unknown> => {
    const sub = subscribe(strict.keys.reader, query, { url: strict.server.wsUrl });
    const error = await sub.next().catch((e: unknown) => e);
    await sub.close().catch(() => undefined);
    return error;
  };

  it('refuses what the allow-list does not hold, and what breaks a limit', async () => {
    expect(await refusal('subscription { blockIndexed  }')).toEqual([
      expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } }),
    ]);
    expect(await refusal('subscription { eventCaptured { a: eventId b: eventId } }')).toEqual([
      expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' } }),
    ]);
    // GraphQL's own rules, coded as over HTTP (an unknown field).
    expect(await refusal('subscription { noSuchField }')).toEqual([
      expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
  });

  it('ends a stream when its key is revoked, with UNAUTHENTICATED and close code 4403', async () => {
    const key = generateApiKey();
    const id = await insertApiKey(database.db, {
      keyHash: key.hash,
      name: 'to revoke',
      role: 'reader',
      organizationMsp: 'ManufacturerMSP',
    });
    let closedWith: number | undefined;
    const sub = subscribe(key.secret, 'subscription { blockIndexed }', {
      url: strict.server.wsUrl,
      onClose: (code) => (closedWith = code),
    });
    await new Promise((r) => setTimeout(r, 200));
    const notify = (block: number) =>
      database.db.transaction().execute(async (tx) => {
        await sql`SELECT pg_notify('provenance_block_indexed', ${String(block)})`.execute(tx);
      });
    await notify(51);
    expect(await sub.next()).toEqual({ data: { blockIndexed: 51 } });
    expect(await revokeApiKey(database.db, id)).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // past the key cache's 50 ms
    await notify(52);
    const last = await sub.next().catch((e: unknown) => e);
    expect(JSON.stringify(last)).toMatch(/UNAUTHENTICATED|unknown or revoked|4403/);
    for (let i = 0; i < 50 && closedWith === undefined; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(closedWith).toBe(4403);
    await sub.close().catch(() => undefined);
  });
});
