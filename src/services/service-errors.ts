/**
 * Coded errors of the ledger-facing services. src/errors.ts has no code for "conflict" or
 * "timed out", so these reuse the nearest existing code and carry a stable `reason` that clients
 * can switch on; adding dedicated codes there would only change the `super` calls below.
 */
import { CodedError } from '../errors.js';

/** The caller's organisation has no ledger identity configured on this server. */
export class NoLedgerIdentityError extends CodedError {
  constructor(mspId: string) {
    super(
      `organisation ${mspId} has no ledger identity on this server, so it cannot submit or read ` +
        'blocks here; the operator adds it to the LEDGER_ORGS_FILE',
      'FORBIDDEN',
      { reason: 'NO_LEDGER_IDENTITY', mspId },
    );
  }
}

/** A request with the same idempotency key is still being processed. */
export class IdempotencyKeyInProgressError extends CodedError {
  constructor(key: string) {
    super(
      `a request with idempotencyKey "${key}" is still in progress; retry in a few seconds to get its result`,
      'BAD_USER_INPUT',
      { field: 'idempotencyKey', reason: 'IDEMPOTENCY_KEY_IN_PROGRESS', retryable: true },
    );
  }
}

/** The transaction committed, but the indexer did not reach its block in time. */
export class IndexerWaitTimeoutError extends CodedError {
  constructor(txId: string, blockNumber: bigint, timeoutMs: number, withKey: boolean) {
    super(
      `transaction ${txId} committed in block ${blockNumber}, but the indexer has not reached that ` +
        `block within ${timeoutMs} ms; ` +
        (withKey
          ? 'retry with the same idempotencyKey to get the result without submitting again'
          : 'do not submit it again: read it later, or prove it now with proof(txId)'),
      'INTERNAL_SERVER_ERROR',
      {
        reason: 'INDEXER_TIMEOUT',
        committed: true,
        txId,
        blockNumber: blockNumber.toString(),
        retryable: withKey,
      },
    );
  }
}

/** A server-side setting that a field needs is missing. */
export class NotConfiguredError extends CodedError {
  constructor(what: string, envKey: string) {
    super(`${what} is not configured on this server (set ${envKey})`, 'INTERNAL_SERVER_ERROR', {
      reason: 'NOT_CONFIGURED',
    });
  }
}
