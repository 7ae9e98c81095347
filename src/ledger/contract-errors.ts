/**
 * Maps failures of a chaincode submission or evaluation, by the step that failed, to our coded
 * errors. The step matters: an endorsement failure wrote nothing, whereas a lost answer after the
 * endorsed transaction went to the orderer leaves the outcome unknown, and telling a client that
 * "nothing was written" then would invite a duplicate submission.
 */
import { status } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { parseErrorCode, type ErrorCode } from '../../chaincode/src/error-codes.js';
import { CodedError, LedgerRejectedError, LedgerUnavailableError } from '../errors.js';
import { toLedgerError } from './gateway-errors.js';

/** The step of a transaction's life a failure happened in. */
export type SubmitStep = 'evaluate' | 'endorse' | 'submit' | 'commit-status';

/** A contract rejection recovered from a peer's answer: its code and its `[CODE] detail` text. */
export interface ContractRejection {
  code: ErrorCode;
  message: string;
}

// Codes meaning the peer or orderer could not be reached or did not answer in time.
const NO_ANSWER: ReadonlySet<number> = new Set([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.CANCELLED,
  status.RESOURCE_EXHAUSTED,
]);

/** The transaction was handed to the orderer but whether it committed is unknown. */
export class LedgerOutcomeUnknownError extends CodedError {
  constructor(message: string, txId: string) {
    // LEDGER_UNAVAILABLE because the client's next step is the same (retry later, with the same
    // idempotency key); `outcome` tells it that, unlike a plain outage, something may be written.
    super(message, 'LEDGER_UNAVAILABLE', { txId, outcome: 'UNKNOWN' });
  }
}

function messagesOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const details = error instanceof GatewayError ? error.details.map((d) => d.message) : [];
  return [...details, error.message];
}

/** Finds the contract's `[CODE] …` message in a peer's answer (details first, then the message). */
export function contractRejectionOf(error: unknown): ContractRejection | undefined {
  for (const text of messagesOf(error)) {
    const code = parseErrorCode(text);
    if (code === undefined) continue;
    // Peers prefix the chaincode's message ("chaincode response 500, "); keep the contract's own.
    return { code, message: text.slice(text.indexOf(`[${code}]`)) };
  }
  return undefined;
}

function grpcCode(error: unknown): number | undefined {
  if (error instanceof GatewayError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Converts a failure of `step` for transaction `txId` (empty for evaluations) into a coded error.
 * @returns LedgerRejectedError (contract rule: reason = the contract's code), LedgerUnavailableError
 * (nothing was written), LedgerOutcomeUnknownError (sent for ordering, fate unknown), or the error
 * itself when it is not a ledger failure.
 */
export function toSubmitError(error: unknown, step: SubmitStep, txId: string): Error {
  if (error instanceof CodedError) return error;
  const rejection = contractRejectionOf(error);
  if (rejection !== undefined) {
    return new LedgerRejectedError(rejection.message, {
      reason: rejection.code,
      ...(txId === '' ? {} : { txId }),
    });
  }
  const code = grpcCode(error);
  const noAnswer = code !== undefined && NO_ANSWER.has(code);
  if (step === 'commit-status' || (step === 'submit' && noAnswer)) {
    const why = error instanceof Error ? error.message : String(error);
    return new LedgerOutcomeUnknownError(
      `transaction ${txId} was sent for ordering but its commit status is unknown (${why}); ` +
        'retry with the same idempotencyKey, or ask proof(txId) later',
      txId,
    );
  }
  if (noAnswer) {
    return new LedgerUnavailableError(
      `${step}: no peer answered (${error instanceof Error ? error.message : String(error)}); nothing was written`,
    );
  }
  return toLedgerError(error, step);
}
