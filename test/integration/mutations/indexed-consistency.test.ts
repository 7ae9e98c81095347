import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceCheckpoint, readCheckpoint } from '../../../src/db/checkpoint.queries.js';
import { getTestFabric } from '../../support/fabric-identities.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { StubbedLedger } from '../../unit/services/stubbed-ledger.js';
import {
  CAPTURE,
  captureDocument,
  mutationHarness,
  type MutationHarness,
} from './mutation-harness.js';

let database: TestDatabase;
let ledger: StubbedLedger;
let api: MutationHarness;
const CHANNEL = 'supplychain';

beforeAll(async () => {
  database = await freshDatabase('indexed');
  ledger = new StubbedLedger(await getTestFabric(), 20n);
  api = await mutationHarness(database.db, ledger, { indexedTimeoutMs: 400 });
});
afterAll(async () => {
  await database.db.destroy();
});

describe('INDEXED consistency on real Postgres (stubbed ledger, indexer played by the test)', () => {
  it("returns only after the checkpoint has passed the transaction's block", async () => {
    const block = ledger.nextBlockNumber;
    // The checkpoint AT the block means "block not read yet": the mutation must keep waiting.
    await advanceCheckpoint(database.db, CHANNEL, block);
    let advancedAt = 0;
    const timer = setTimeout(() => {
      advancedAt = Date.now();
      void advanceCheckpoint(database.db, CHANNEL, block + 1n);
    }, 150);
    const started = Date.now();
    const { data, errors } = await api.run(CAPTURE, { doc: captureDocument('x1'), c: 'INDEXED' });
    clearTimeout(timer);
    expect(errors).toBeUndefined();
    expect(data.captureEvents.blockNumber).toBe(Number(block));
    expect(advancedAt).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(advancedAt);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('returns with COMMITTED although the indexer has not reached the block', async () => {
    const { data, errors } = await api.run(CAPTURE, { doc: captureDocument('x2'), c: 'COMMITTED' });
    expect(errors).toBeUndefined();
    const next = await readCheckpoint(database.db, CHANNEL);
    expect(next).toBeLessThanOrEqual(BigInt(data.captureEvents.blockNumber));
  });

  it('times out with a coded error saying the write committed; a retry with the key does not resubmit', async () => {
    const doc = captureDocument('x3');
    const before = ledger.calls.length;
    const timedOut = await api.run(CAPTURE, { doc, c: 'INDEXED', key: 'idx-3' });
    const block = ledger.nextBlockNumber - 1n;
    expect(timedOut.errors?.[0]?.extensions).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      reason: 'INDEXER_TIMEOUT',
      committed: true,
      blockNumber: block.toString(),
      retryable: true,
    });
    expect(timedOut.errors?.[0]?.message).toMatch(/committed in block .* within 400 ms/);
    await advanceCheckpoint(database.db, CHANNEL, block + 1n);
    const retried = await api.run(CAPTURE, { doc, c: 'INDEXED', key: 'idx-3' });
    expect(retried.errors).toBeUndefined();
    expect(retried.data.captureEvents.blockNumber).toBe(Number(block));
    expect(ledger.calls.length - before).toBe(1);
  });

  it('without a key, the timeout tells the client not to submit again', async () => {
    const { errors } = await api.run(CAPTURE, { doc: captureDocument('x4'), c: 'INDEXED' });
    expect(errors?.[0]?.extensions).toMatchObject({
      reason: 'INDEXER_TIMEOUT',
      committed: true,
      retryable: false,
    });
    expect(errors?.[0]?.message).toMatch(/do not submit it again/);
  });
});
