/**
 * Maps fabric-gateway and gRPC failures to our coded errors: transport-level failures (no peer
 * answered, deadline passed) become LedgerUnavailableError, while answers that refuse the request
 * (endorsement or validation failure, chaincode error) become LedgerRejectedError.
 */
import { status } from '@grpc/grpc-js';
import { CommitError, GatewayError } from '@hyperledger/fabric-gateway';
import { LedgerRejectedError, LedgerUnavailableError } from '../errors.js';

// Codes that mean nobody gave an answer, so retrying elsewhere or later may succeed.
const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.CANCELLED,
  status.RESOURCE_EXHAUSTED,
]);

function transactionIdOf(error: object): string | undefined {
  const id = (error as { transactionId?: unknown }).transactionId;
  return typeof id === 'string' ? id : undefined;
}

/** Converts a gateway, commit or gRPC error into LedgerUnavailableError or LedgerRejectedError. */
export function toLedgerError(error: unknown, action: string): Error {
  if (error instanceof LedgerRejectedError || error instanceof LedgerUnavailableError) return error;
  if (error instanceof CommitError) {
    return new LedgerRejectedError(
      `${action}: transaction failed validation (code ${error.code})`,
      {
        reason: error.message,
        txId: error.transactionId,
        validationCode: error.code,
      },
    );
  }
  if (error instanceof GatewayError) {
    if (UNAVAILABLE_CODES.has(error.code)) {
      return new LedgerUnavailableError(`${action}: ledger unavailable (${error.message})`);
    }
    const reasons = error.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`);
    const txId = transactionIdOf(error);
    return new LedgerRejectedError(`${action}: ${error.message}`, {
      reason: reasons.length > 0 ? reasons.join('; ') : error.message,
      ...(txId === undefined ? {} : { txId }),
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && UNAVAILABLE_CODES.has(code)) {
    return new LedgerUnavailableError(`${action}: ledger unavailable`);
  }
  return error instanceof Error ? error : new Error(`${action}: ${String(error)}`);
}
