import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowListOf } from '../../../src/server/allow-list.js';
import { startApiHarness, type ApiHarness } from '../../support/api-harness.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';

let database: TestDatabase;
let api: ApiHarness;

beforeAll(async () => {
  database = await freshDatabase('api_server');
  api = await startApiHarness(database.db);
});
afterAll(async () => {
  await api.server.stop();
  await database.db.destroy();
});

describe('API server on real Postgres: authentication', () => {
  it('refuses a request without a key with 401 UNAUTHENTICATED', async () => {
    const { status, body } = await api.post('{ _meta { channel } }', { key: null });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toMatch(/Authorization: Bearer/);
  });

  it('refuses an unknown key', async () => {
    const { status, body } = await api.post('{ _meta { channel } }', { key: 'fpk_not-a-real-key' });
    expect(status).toBe(401);
    expect(body.errors[0].message).toMatch(/unknown or revoked/);
  });

  it('answers a reader, with a request id header', async () => {
    const { status, body, headers } = await api.post('{ _meta { channel indexedHeight } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { _meta: { channel: 'supplychain', indexedHeight: null } } });
    expect(headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('reports the indexed height from the checkpoint', async () => {
    await database.db
      .insertInto('indexer_checkpoint')
      .values({ channel: 'supplychain', next_block: 8n, updated_at: new Date() })
      .execute();
    const { body } = await api.post('{ _meta { indexedHeight chainHeight lagBlocks } }');
    expect(body.data._meta).toEqual({ indexedHeight: 7, chainHeight: null, lagBlocks: null });
    await database.db
      .insertInto('indexer_chain_height')
      .values({ channel: 'supplychain', chain_height: 12n })
      .execute();
    const after = await api.post('{ _meta { indexedHeight chainHeight lagBlocks } }');
    // Blocks 0…7 indexed of 0…11 on the chain: 4 behind.
    expect(after.body.data._meta).toEqual({ indexedHeight: 7, chainHeight: 12, lagBlocks: 4 });
  });

  it('serves /healthz without a key', async () => {
    const response = await fetch(api.server.url.replace('/graphql', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('API server on real Postgres: hostile queries are refused before execution', () => {
  it('refuses deep nesting', async () => {
    const deep =
      '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }';
    const started = Date.now();
    const { status, body } = await api.post(deep);
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses an alias bomb', async () => {
    const bomb = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: _meta { channel }`).join(' ')} }`;
    const { status, body } = await api.post(bomb);
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
    });
  });

  it('refuses a giant document at parse time', async () => {
    const giant = `{ ${'_meta { channel } '.repeat(3_000)} }`;
    const { status, body } = await api.post(giant);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/more that 5000 tokens/);
  });

  it('answers a syntax error with a coded message and no stack', async () => {
    const { body } = await api.post('{ _meta { ');
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js:/);
  });
});

describe('API server on real Postgres: the cost limit reads the request variables', () => {
  let strict: ApiHarness;
  beforeAll(async () => {
    strict = await startApiHarness(database.db, {
      limits: { maxDepth: 12, maxAliases: 30, maxCost: 100, defaultListSize: 50 },
    });
  });
  afterAll(async () => {
    await strict.server.stop();
  });
  const page = 'query($n: Int!) { events(first: $n) { nodes { eventId } } }';

  it('costs a page size given as a variable at its value, before anything runs', async () => {
    const small = await strict.post(page, { variables: { n: 10 } });
    expect(small.body.errors).toBeUndefined();
    const big = await strict.post(page, { variables: { n: 500 } });
    expect(big.status).toBe(400);
    expect(big.body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    });
    expect(big.body.data).toBeUndefined();
  });

  it("costs a variable's declared default when the request leaves it out", async () => {
    const { status, body } = await strict.post(
      'query($n: Int = 500) { events(first: $n) { nodes { eventId } } }',
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });
});

describe('API server on real Postgres: allow-list mode', () => {
  it('leaves termination signals to the process, also outside tests (Apollo would stop itself and re-raise them)', async () => {
    // Apollo's default depends on NODE_ENV (off under 'test'), so run as deployed.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const before = ['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s));
    const deployed = await startApiHarness(database.db);
    try {
      expect(['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s))).toEqual(before);
    } finally {
      await deployed.server.stop();
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('runs listed operations and refuses others', async () => {
    const listed = '{ _meta { channel } }';
    const strict = await startApiHarness(database.db, { allowList: allowListOf([listed]) });
    try {
      expect((await strict.post(listed)).body.data._meta.channel).toBe('supplychain');
      const refused = await strict.post('{ _meta { indexedHeight } }');
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    } finally {
      await strict.server.stop();
    }
  });
});
