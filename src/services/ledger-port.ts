/**
 * What the API's services need from the ledger, as a port: the gateway-backed implementation is in
 * gateway-ledger.ts, and tests substitute a stub that serves real built blocks. Everything here is
 * bound to one channel and chaincode.
 */
import type { CommittedTransaction, SubmitHooks } from '../ledger/submit.js';

/** A contract function and its (string) arguments. */
export interface ContractCall {
  /** Transaction name, e.g. "CaptureEvents". */
  fn: string;
  args: readonly string[];
}

/** Reads raw blocks from a peer's ledger through qscc. */
export interface LedgerBlockReader {
  /** The serialized block holding `txId`. @throws NotFoundError, LedgerUnavailableError */
  blockByTxId(txId: string): Promise<Uint8Array>;
  /** The serialized block `number`. @throws NotFoundError, LedgerUnavailableError */
  blockByNumber(number: bigint): Promise<Uint8Array>;
  /** The number of blocks on the channel (the tip is height - 1). @throws LedgerUnavailableError */
  chainHeight(): Promise<bigint>;
}

/** The ledger as the services use it. */
export interface LedgerPort {
  /** The channel every call goes to. */
  readonly channel: string;
  /**
   * Submits `call` as organisation `mspId` and waits until it commits VALID.
   * @throws NoLedgerIdentityError, LedgerRejectedError, LedgerUnavailableError, LedgerOutcomeUnknownError
   */
  submit(mspId: string, call: ContractCall, hooks?: SubmitHooks): Promise<CommittedTransaction>;
  /** Block reads on a peer of `mspId`, or of any configured organisation when it has none. */
  reader(mspId: string | undefined): LedgerBlockReader;
}
