/**
 * Idempotency keys: a retried mutation with the same key (per API key) gets the first result and
 * submits nothing new. The key is claimed before submitting; the transaction id is recorded
 * before the proposal leaves the process, so a key whose owner died can be resolved against the
 * ledger instead of being submitted twice.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  completeKey,
  findKey,
  insertPendingKey,
  recordProgress,
  releaseKey,
  takeOverStaleKey,
  type IdempotencyScope,
} from '../db/idempotency.queries.js';
import { BadUserInputError } from '../errors.js';
import { stableJson } from '../proof/verify-context.js';
import { IdempotencyKeyInProgressError } from './service-errors.js';

/** What a claim found: the key is ours to submit, a stored response, or an orphan to resolve. */
export type IdempotencyClaim =
  { kind: 'owner' } | { kind: 'replay'; response: unknown } | { kind: 'orphan'; txId: string };

/** Limits of an idempotency key as a client sends it. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Checks the key's form.
 * @throws BadUserInputError naming idempotencyKey.
 */
export function assertIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new BadUserInputError(
      'idempotencyKey must be 1-200 printable ASCII characters without spaces (a UUID is ideal)',
      'idempotencyKey',
    );
  }
}

/** Hex SHA-256 of the operation and its input, independent of key order. */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(stableJson({ operation, input })).digest('hex');
}

/** Claims, tracks and settles idempotency keys in Postgres. */
export class IdempotencyService {
  /** `staleMs`: a pending key untouched this long is taken to be orphaned by a dead request. */
  constructor(private readonly staleMs = 120_000) {}

  /**
   * Claims `scope` for a request with hash `hash`.
   * @throws BadUserInputError when the key was used for a different request.
   * @throws IdempotencyKeyInProgressError when the first request is still running.
   */
  async claim(
    db: Kysely<Database>,
    scope: IdempotencyScope,
    hash: string,
  ): Promise<IdempotencyClaim> {
    // Two rounds: a key released between our insert and our read is simply claimed again.
    for (let round = 0; round < 2; round++) {
      if (await insertPendingKey(db, scope, hash)) return { kind: 'owner' };
      const row = await findKey(db, scope);
      if (row === undefined) continue;
      if (row.requestHash !== hash) {
        throw new BadUserInputError(
          `idempotencyKey "${scope.key}" was already used for a different request; use a new key for a new request`,
          'idempotencyKey',
        );
      }
      if (row.status === 'done') return { kind: 'replay', response: row.response };
      if (row.ageMs < this.staleMs) throw new IdempotencyKeyInProgressError(scope.key);
      const orphan = await takeOverStaleKey(db, scope, this.staleMs);
      if (orphan === undefined) throw new IdempotencyKeyInProgressError(scope.key);
      return orphan.txId === null ? { kind: 'owner' } : { kind: 'orphan', txId: orphan.txId };
    }
    throw new IdempotencyKeyInProgressError(scope.key);
  }

  /** Records the transaction id before sending, or the block it committed in. */
  progress(
    db: Kysely<Database>,
    scope: IdempotencyScope,
    txId: string,
    blockNumber?: bigint,
  ): Promise<void> {
    return recordProgress(db, scope, blockNumber === undefined ? { txId } : { txId, blockNumber });
  }

  /** Stores the response and returns the one stored first (replays must all see the same). */
  async complete(
    db: Kysely<Database>,
    scope: IdempotencyScope,
    response: unknown,
  ): Promise<unknown> {
    await completeKey(db, scope, response);
    const row = await findKey(db, scope);
    return row?.status === 'done' ? row.response : response;
  }

  /** Frees the key of a request that wrote nothing, so the client can retry with it. */
  release(db: Kysely<Database>, scope: IdempotencyScope): Promise<void> {
    return releaseKey(db, scope);
  }
}
