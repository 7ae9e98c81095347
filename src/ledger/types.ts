/**
 * Our own view of Fabric blocks. Everything past src/ledger/ sees these types, never protobufs.
 * Block numbers are bigint everywhere, as in fabric-gateway.
 */
import type { LedgerPayload } from '../../chaincode/src/payload.js';

/** A committed block, decoded. `raw` keeps the exact bytes so hashes and proofs can be recomputed. */
export interface DecodedBlock {
  number: bigint;
  /** SHA-256 over the DER header; equals the next block's previousHash. */
  headerHash: Uint8Array;
  previousHash: Uint8Array;
  dataHash: Uint8Array;
  /** Whether dataHash is the SHA-256 of the block's envelopes, as Fabric computes it. */
  dataHashMatches: boolean;
  /** True when the block holds a channel configuration transaction. */
  isConfig: boolean;
  transactions: DecodedTransaction[];
  /** The serialized common.Block. */
  raw: Uint8Array;
}

/** Fabric's validation codes that matter to us; any other code is carried as its number. */
export const ValidationCode = {
  VALID: 0,
  ENDORSEMENT_POLICY_FAILURE: 10,
  MVCC_READ_CONFLICT: 11,
  PHANTOM_READ_CONFLICT: 12,
  /** No TRANSACTIONS_FILTER byte for this transaction (a block not yet validated by a peer). */
  NOT_VALIDATED: 254,
} as const;

/** Fabric's common.HeaderType values that the decoder distinguishes. */
export const HeaderType = {
  CONFIG: 1,
  ENDORSER_TRANSACTION: 3,
} as const;

/** One envelope of a block with what the indexer and the proof need from it. */
export interface DecodedTransaction {
  txId: string;
  /** Position in block.data.data. */
  index: number;
  /** Fabric HeaderType: 1 CONFIG, 3 ENDORSER_TRANSACTION, …; -1 when the envelope did not parse. */
  headerType: number;
  /** TRANSACTIONS_FILTER byte for this transaction: 0 is VALID. */
  validationCode: number;
  /** Channel header timestamp. */
  timestamp: Date;
  creatorMsp: string;
  /** MSP ids of the endorsers of the (first) action, in order. */
  endorserMsps: string[];
  /** Chaincode name and function when this is a chaincode invocation. */
  chaincode?: string;
  functionName?: string;
  /** The chaincode event, when the transaction emitted one. */
  chaincodeEvent?: DecodedChaincodeEvent;
  /** Set when (part of) the envelope did not parse; the fields above hold what did. */
  decodeError?: string;
}

/** A chaincode event as carried in the transaction's proposal response payload. */
export interface DecodedChaincodeEvent {
  chaincodeId: string;
  eventName: string;
  payload: Uint8Array;
}

/** The parsed body of our chaincode event (see chaincode/src/payload.ts). */
export type ChaincodeEventPayload = LedgerPayload;
