/**
 * Indexer errors, split as ponder does: Retryable (reconnect with backoff and carry on) versus
 * Fatal (stop: retrying cannot help, an operator or a code change must). Fatal errors name the block
 * and transaction they concern.
 */

/** Where in the ledger an error arose. */
export interface LedgerPosition {
  blockNumber?: bigint;
  txId?: string;
}

/** Base of the indexer's typed errors. */
export abstract class IndexerError extends Error {
  /** True when reconnecting and retrying may succeed. */
  abstract readonly retryable: boolean;
  readonly blockNumber: bigint | undefined;
  readonly txId: string | undefined;

  constructor(message: string, position: LedgerPosition = {}, options: { cause?: unknown } = {}) {
    super(withPosition(message, position), options);
    this.blockNumber = position.blockNumber;
    this.txId = position.txId;
  }
}

function withPosition(message: string, { blockNumber, txId }: LedgerPosition): string {
  const where = [
    blockNumber === undefined ? undefined : `block ${blockNumber}`,
    txId === undefined ? undefined : `tx ${txId}`,
  ].filter((part) => part !== undefined);
  return where.length === 0 ? message : `${message} (${where.join(', ')})`;
}

/** A transient failure (connection lost, peer unavailable): reconnect with backoff. */
export class RetryableIndexerError extends IndexerError {
  override name = 'RetryableIndexerError';
  readonly retryable = true;
}

/** A failure retrying cannot fix: the indexer stops and the operator is told where. */
export class FatalIndexerError extends IndexerError {
  override name = 'FatalIndexerError';
  readonly retryable = false;
}

/** A chaincode event we cannot read: malformed JSON, unknown payload version or record kind. */
export class PayloadError extends FatalIndexerError {
  override name = 'PayloadError';
}

/** A block whose previous_hash does not continue the stored chain, or conflicts with a stored block. */
export class HashChainError extends FatalIndexerError {
  override name = 'HashChainError';
}

/** Blocks out of order or with a gap: applying them would lose blocks. */
export class BlockSequenceError extends FatalIndexerError {
  override name = 'BlockSequenceError';
}

// SQLSTATE classes worth a reconnect: connection exceptions, operator intervention (shutdown,
// terminated backend), insufficient resources, serialization failure and deadlock.
const RETRYABLE_SQLSTATE = /^(08|57P|53|40001|40P01)/;
// Node socket errors on the way to Postgres or a peer.
const RETRYABLE_SYSCALL = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// gRPC status codes (numeric `code`) a Fabric block stream fails with when a peer goes away:
// DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE.
const RETRYABLE_GRPC = new Set([4, 8, 10, 14]);

/**
 * Decides whether an error is worth a retry: typed indexer errors say so themselves; anything
 * else is retryable only when it looks like a lost connection, so an unknown bug stops the indexer
 * instead of spinning.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof IndexerError) return err.retryable;
  if (typeof err !== 'object' || err === null) return false;
  const { code, retryable, message } = err as {
    code?: unknown;
    retryable?: unknown;
    message?: unknown;
  };
  if (retryable === true) return true;
  if (typeof code === 'string' && (RETRYABLE_SQLSTATE.test(code) || RETRYABLE_SYSCALL.has(code)))
    return true;
  if (typeof code === 'number' && RETRYABLE_GRPC.has(code)) return true;
  // node-postgres reports a dropped socket with these messages and no code.
  return (
    typeof message === 'string' &&
    /Connection terminated|Client has encountered a connection error|not queryable/.test(message)
  );
}

/**
 * Wraps any error as an IndexerError, keeping the original as `cause` and adding a position
 * when the error did not carry one.
 */
export function toIndexerError(err: unknown, position: LedgerPosition = {}): IndexerError {
  if (err instanceof IndexerError) {
    if (
      err.blockNumber !== undefined ||
      (position.blockNumber === undefined && position.txId === undefined)
    ) {
      return err;
    }
    const Kind = err.retryable ? RetryableIndexerError : FatalIndexerError;
    return new Kind(err.message, position, { cause: err });
  }
  // gRPC statuses and some driver errors are plain objects with a message.
  const raw =
    typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  const message = typeof raw === 'string' ? raw : String(err);
  const Kind = isRetryable(err) ? RetryableIndexerError : FatalIndexerError;
  return new Kind(message, position, { cause: err });
}
