/** Idempotency keys of mutations: claim, record progress, complete, release, take over. */
import { sql, type Kysely } from 'kysely';
import type { Database, Json } from './database.js';

/** The idempotency_keys table (migrations/2026_11_24_400_idempotency_keys.ts). */
export interface IdempotencyKeysTable {
  principal_key_id: string;
  idempotency_key: string;
  request_hash: string;
  status: 'pending' | 'done';
  tx_id: string | null;
  block_number: bigint | null;
  response: Json | null;
  created_at: Date;
  updated_at: Date;
}

/** A stored key as the service reads it. */
export interface IdempotencyRow {
  requestHash: string;
  status: 'pending' | 'done';
  txId: string | null;
  blockNumber: bigint | null;
  response: unknown;
  /** Milliseconds since the row was created or last taken over, by the database clock. */
  ageMs: number;
}

/** Which key of which principal. */
export interface IdempotencyScope {
  principalKeyId: string;
  key: string;
}

const table = (db: Kysely<Database>) => db.withTables<{ idempotency_keys: IdempotencyKeysTable }>();

/** Inserts a pending row; true when this call created it (false: the key exists). */
export async function insertPendingKey(
  db: Kysely<Database>,
  scope: IdempotencyScope,
  requestHash: string,
): Promise<boolean> {
  const rows = await table(db)
    .insertInto('idempotency_keys')
    .values({
      principal_key_id: scope.principalKeyId,
      idempotency_key: scope.key,
      request_hash: requestHash,
      status: 'pending',
      tx_id: null,
      block_number: null,
      response: null,
      created_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .onConflict((oc) => oc.columns(['principal_key_id', 'idempotency_key']).doNothing())
    .returning('status')
    .execute();
  return rows.length === 1;
}

/** Reads a key; undefined when absent. */
export async function findKey(
  db: Kysely<Database>,
  scope: IdempotencyScope,
): Promise<IdempotencyRow | undefined> {
  const row = await table(db)
    .selectFrom('idempotency_keys')
    .select([
      'request_hash',
      'status',
      'tx_id',
      'block_number',
      'response',
      sql<number>`(extract(epoch FROM now() - updated_at) * 1000)::float8`.as('age_ms'),
    ])
    .where('principal_key_id', '=', scope.principalKeyId)
    .where('idempotency_key', '=', scope.key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    requestHash: row.request_hash,
    status: row.status,
    txId: row.tx_id,
    blockNumber: row.block_number,
    response: row.response,
    ageMs: row.age_ms,
  };
}

/** Records the transaction id (before sending) or the committed block of a pending key. */
export async function recordProgress(
  db: Kysely<Database>,
  scope: IdempotencyScope,
  progress: { txId: string; blockNumber?: bigint },
): Promise<void> {
  await table(db)
    .updateTable('idempotency_keys')
    .set({
      tx_id: progress.txId,
      ...(progress.blockNumber === undefined ? {} : { block_number: progress.blockNumber }),
      updated_at: sql<Date>`now()`,
    })
    .where('principal_key_id', '=', scope.principalKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('status', '=', 'pending')
    .execute();
}

/** Marks a pending key done with its response; a key already done keeps its first response. */
export async function completeKey(
  db: Kysely<Database>,
  scope: IdempotencyScope,
  response: unknown,
): Promise<void> {
  await table(db)
    .updateTable('idempotency_keys')
    .set({ status: 'done', response: JSON.stringify(response), updated_at: sql<Date>`now()` })
    .where('principal_key_id', '=', scope.principalKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('status', '=', 'pending')
    .execute();
}

/** Deletes a pending key whose request wrote nothing, so the client may retry it. */
export async function releaseKey(db: Kysely<Database>, scope: IdempotencyScope): Promise<void> {
  await table(db)
    .deleteFrom('idempotency_keys')
    .where('principal_key_id', '=', scope.principalKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Takes over a pending key untouched for `staleMs` (its owner died or gave up). Returns the
 * transaction id and block the old owner recorded (null when it never sent anything), or
 * undefined when the key is not stale or another caller won it.
 */
export async function takeOverStaleKey(
  db: Kysely<Database>,
  scope: IdempotencyScope,
  staleMs: number,
): Promise<{ txId: string | null; blockNumber: bigint | null } | undefined> {
  const row = await table(db)
    .updateTable('idempotency_keys')
    .set({ updated_at: sql<Date>`now()` })
    .where('principal_key_id', '=', scope.principalKeyId)
    .where('idempotency_key', '=', scope.key)
    .where('status', '=', 'pending')
    .where(sql<boolean>`updated_at < now() - make_interval(secs => ${staleMs / 1000})`)
    .returning(['tx_id', 'block_number'])
    .executeTakeFirst();
  return row === undefined ? undefined : { txId: row.tx_id, blockNumber: row.block_number };
}

/**
 * Deletes keys settled (done) more than `ageMs` ago, by creation time (indexed). Pending keys stay:
 * one may still be resolved against the ledger by a retry. Returns how many were deleted.
 */
export async function deleteSettledKeys(db: Kysely<Database>, ageMs: number): Promise<number> {
  const result = await table(db)
    .deleteFrom('idempotency_keys')
    .where('status', '=', 'done')
    .where(sql<boolean>`created_at < now() - make_interval(secs => ${ageMs / 1000})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
