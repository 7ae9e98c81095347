/**
 * Submits and evaluates chaincode transactions through a Fabric Gateway. Submission is
 * `contract.submitAsync` taken apart (newProposal → endorse → submit → getStatus) so the
 * transaction id is known, and can be recorded, before anything leaves the process: a caller that
 * crashes mid-way can later ask the ledger whether that id committed instead of guessing.
 */
import { StatusCode, type Gateway } from '@hyperledger/fabric-gateway';
import { LedgerRejectedError } from '../errors.js';
import { toSubmitError, type SubmitStep } from './contract-errors.js';

/** One chaincode function call. */
export interface ChaincodeCall {
  channel: string;
  chaincode: string;
  /** Transaction name, e.g. "CaptureEvents". */
  fn: string;
  args: readonly string[];
}

/** A transaction that committed as VALID. */
export interface CommittedTransaction {
  txId: string;
  blockNumber: bigint;
  /** TRANSACTIONS_FILTER code; always 0 (VALID) here, since any other code is thrown. */
  validationCode: number;
  /** The chaincode's response payload as endorsed. */
  result: Uint8Array;
}

/** Hooks into a submission. */
export interface SubmitHooks {
  /** Called with the transaction id after it is fixed and before the proposal is sent. */
  beforeSend?: (txId: string) => Promise<void>;
}

const CODE_NAMES = new Map<number, string>(
  Object.entries(StatusCode).map(([name, code]) => [code as number, name]),
);

/** The name of a validation code (MVCC_READ_CONFLICT for 11), or its number when unknown. */
export function validationCodeName(code: number): string {
  return CODE_NAMES.get(code) ?? String(code);
}

async function step<T>(name: SubmitStep, txId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toSubmitError(error, name, txId);
  }
}

/**
 * Endorses, orders and waits for the commit of one transaction.
 * @throws LedgerRejectedError when the contract refuses (reason = its code) or the transaction
 * commits with a non-VALID code (validationCode set, e.g. 11 for MVCC_READ_CONFLICT).
 * @throws LedgerUnavailableError when no peer answered the endorsement: nothing was written.
 * @throws LedgerOutcomeUnknownError when the answer was lost after the transaction was sent.
 */
export async function submitTransaction(
  gateway: Gateway,
  call: ChaincodeCall,
  hooks: SubmitHooks = {},
): Promise<CommittedTransaction> {
  const proposal = gateway
    .getNetwork(call.channel)
    .getContract(call.chaincode)
    .newProposal(call.fn, { arguments: [...call.args] });
  const txId = proposal.getTransactionId();
  await hooks.beforeSend?.(txId);
  const endorsed = await step('endorse', txId, () => proposal.endorse());
  const submitted = await step('submit', txId, () => endorsed.submit());
  const status = await step('commit-status', txId, () => submitted.getStatus());
  if (!status.successful) {
    const name = validationCodeName(status.code);
    throw new LedgerRejectedError(
      `${call.fn}: transaction ${txId} was ordered into block ${status.blockNumber} but is invalid (${name}); nothing was written, submit again`,
      { reason: name, txId, validationCode: status.code },
    );
  }
  return {
    txId,
    blockNumber: status.blockNumber,
    validationCode: status.code,
    result: submitted.getResult(),
  };
}

/**
 * Runs a chaincode function on one peer without ordering it (a query).
 * @throws LedgerRejectedError when the contract refuses; LedgerUnavailableError when no peer answered.
 */
export async function evaluateTransaction(
  gateway: Gateway,
  call: ChaincodeCall,
): Promise<Uint8Array> {
  const contract = gateway.getNetwork(call.channel).getContract(call.chaincode);
  return step('evaluate', '', () => contract.evaluate(call.fn, { arguments: [...call.args] }));
}
