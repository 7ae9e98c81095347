import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRejectedError } from '../../../src/errors.js';
import { LedgerOutcomeUnknownError } from '../../../src/ledger/contract-errors.js';
import { createLogger } from '../../../src/logger.js';
import { startIdempotencyPurge } from '../../../src/services/idempotency-purge.js';
import { requestHash } from '../../../src/services/idempotency.service.js';
import { getTestFabric } from '../../support/fabric-identities.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { StubbedLedger } from '../../unit/services/stubbed-ledger.js';
import {
  CAPTURE,
  captureDocument,
  idempotencyRows,
  mutationHarness,
  SUBMITTER,
  type MutationHarness,
} from './mutation-harness.js';

let database: TestDatabase;
let ledger: StubbedLedger;
let api: MutationHarness;

beforeAll(async () => {
  database = await freshDatabase('idempotency');
  ledger = new StubbedLedger(await getTestFabric());
  api = await mutationHarness(database.db, ledger, { idempotencyStaleMs: 1_000 });
});
afterAll(async () => {
  await database.db.destroy();
});

const rowOf = async (key: string) =>
  (await idempotencyRows(database.db)).find((r) => r.idempotency_key === key);

describe('idempotency keys on real Postgres, with a stubbed ledger', () => {
  it('returns the first result for a retry with the same key and submits once', async () => {
    const before = ledger.calls.length;
    const doc = captureDocument('i1');
    const first = await api.run(CAPTURE, { doc, key: 'key-1' });
    ledger.addOtherBlock();
    const second = await api.run(CAPTURE, { doc, key: 'key-1', c: 'COMMITTED' });
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(ledger.calls.length - before).toBe(1);
    expect(await rowOf('key-1')).toMatchObject({
      status: 'done',
      tx_id: first.data.captureEvents.txId,
    });
  });

  it('refuses the same key with a different request as BAD_USER_INPUT, submitting nothing', async () => {
    await api.run(CAPTURE, { doc: captureDocument('i2'), key: 'key-2' });
    const before = ledger.calls.length;
    const { errors } = await api.run(CAPTURE, { doc: captureDocument('i2-other'), key: 'key-2' });
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(errors?.[0]?.message).toMatch(/different request/);
    expect(ledger.calls.length).toBe(before);
  });

  it('scopes keys to the API key: another principal with the same key submits its own', async () => {
    const doc = captureDocument('i3');
    const a = await api.run(CAPTURE, { doc, key: 'shared' });
    const other = { ...SUBMITTER, keyId: '00000000-0000-4000-8000-0000000000ff' };
    const b = await api.run(CAPTURE, { doc, key: 'shared' }, other);
    expect(b.data.captureEvents.txId).not.toBe(a.data.captureEvents.txId);
  });

  it('tells a concurrent duplicate to retry while the first is in flight, then replays its result', async () => {
    let release: () => void = () => undefined;
    ledger.gate = new Promise<void>((resolve) => (release = resolve));
    const doc = captureDocument('i4');
    const before = ledger.calls.length;
    const first = api.run(CAPTURE, { doc, key: 'key-4' });
    while (ledger.calls.length === before) await new Promise((r) => setTimeout(r, 5));
    expect(await rowOf('key-4')).toMatchObject({
      status: 'pending',
      tx_id: ledger.calls.at(-1)!.txId,
    });
    const duplicate = await api.run(CAPTURE, { doc, key: 'key-4' });
    expect(duplicate.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'idempotencyKey',
      reason: 'IDEMPOTENCY_KEY_IN_PROGRESS',
      retryable: true,
    });
    release();
    ledger.gate = undefined;
    const done = await first;
    expect(done.errors).toBeUndefined();
    const retry = await api.run(CAPTURE, { doc, key: 'key-4' });
    expect(retry.data).toEqual(done.data);
    expect(ledger.calls.length - before).toBe(1);
  });

  it('frees the key when the ledger refused the transaction, so a retry submits again', async () => {
    const doc = captureDocument('i5');
    ledger.failNext = new LedgerRejectedError('[RECALLED] lot L1 is recalled', {
      reason: 'RECALLED',
    });
    const refused = await api.run(CAPTURE, { doc, key: 'key-5' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'LEDGER_REJECTED',
      reason: 'RECALLED',
    });
    expect(await rowOf('key-5')).toBeUndefined();
    const retried = await api.run(CAPTURE, { doc, key: 'key-5' });
    expect(retried.errors).toBeUndefined();
    expect(await rowOf('key-5')).toMatchObject({ status: 'done' });
  });

  it('keeps the key pending when the outcome is unknown, and resolves it from the ledger once stale', async () => {
    const doc = captureDocument('i6');
    // Simulates "sent, answer lost": the stub commits nothing, so the ledger does not know the txId.
    ledger.failNext = new LedgerOutcomeUnknownError('lost', 'x');
    const lost = await api.run(CAPTURE, { doc, key: 'key-6' });
    expect(lost.errors?.[0]?.extensions).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      outcome: 'UNKNOWN',
    });
    const pending = await rowOf('key-6');
    expect(pending).toMatchObject({ status: 'pending' });
    expect(pending?.tx_id).toMatch(/^[0-9a-f]{64}$/);
    const tooSoon = await api.run(CAPTURE, { doc, key: 'key-6' });
    expect(tooSoon.errors?.[0]?.extensions.reason).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    await sql`UPDATE idempotency_keys SET updated_at = now() - interval '1 hour' WHERE idempotency_key = 'key-6'`.execute(
      database.db,
    );
    const before = ledger.calls.length;
    const resolved = await api.run(CAPTURE, { doc, key: 'key-6' });
    expect(resolved.errors).toBeUndefined();
    // The old txId never reached a block, so the request was submitted again, once.
    expect(ledger.calls.length - before).toBe(1);
    expect(resolved.data.captureEvents.txId).not.toBe(pending?.tx_id);
  });

  it('finishes an orphaned key whose transaction did commit, without submitting again', async () => {
    const doc = captureDocument('i7');
    const committed = await api.run(CAPTURE, { doc });
    const txId: string = committed.data.captureEvents.txId;
    // As if the process had died after the commit, before storing the response.
    await sql`INSERT INTO idempotency_keys (principal_key_id, idempotency_key, request_hash, status, tx_id, updated_at)
      VALUES (${SUBMITTER.keyId}, 'key-7', ${requestHash('captureEvents', doc)}, 'pending', ${txId}, now() - interval '1 hour')`.execute(
      database.db,
    );
    const before = ledger.calls.length;
    const recovered = await api.run(CAPTURE, { doc, key: 'key-7' });
    expect(recovered.errors).toBeUndefined();
    expect(ledger.calls.length).toBe(before);
    expect(recovered.data.captureEvents.txId).toBe(txId);
    expect(await rowOf('key-7')).toMatchObject({ status: 'done', tx_id: txId });
  });

  it('refuses a malformed key', async () => {
    const { errors } = await api.run(CAPTURE, { doc: captureDocument('i8'), key: 'has space' });
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  it('forgets keys settled before the retention, keeps newer and pending ones; a retry after that submits anew', async () => {
    const old = captureDocument('i9');
    await api.run(CAPTURE, { doc: old, key: 'key-9-old' });
    await api.run(CAPTURE, { doc: captureDocument('i9-new'), key: 'key-9-new' });
    await sql`INSERT INTO idempotency_keys (principal_key_id, idempotency_key, request_hash, status, created_at)
      VALUES (${SUBMITTER.keyId}, 'key-9-pending', 'h', 'pending', now() - interval '30 days')`.execute(
      database.db,
    );
    await sql`UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE idempotency_key = 'key-9-old'`.execute(
      database.db,
    );
    const lines: string[] = [];
    const log = { ...createLogger('error'), info: (m: string) => lines.push(m) };
    const purge = startIdempotencyPurge(database.db, { retentionMs: 7 * 24 * 3_600_000 }, log);
    await purge.stop(); // waits for the run it started with
    expect(lines).toEqual(['purged 1 idempotency keys settled over 168 h ago']);
    expect(await rowOf('key-9-old')).toBeUndefined();
    expect(await rowOf('key-9-new')).toMatchObject({ status: 'done' });
    expect(await rowOf('key-9-pending')).toMatchObject({ status: 'pending' });
    const before = ledger.calls.length;
    const again = await api.run(CAPTURE, { doc: old, key: 'key-9-old' });
    expect(again.errors).toBeUndefined();
    expect(ledger.calls.length - before).toBe(1);
  });
});
