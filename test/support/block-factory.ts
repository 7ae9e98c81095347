/**
 * Builds DecodedBlock objects for tests without protobufs: a chain whose hashes link like Fabric's
 * (header hash → next block's previous hash). The header hash here is SHA-256 over number,
 * previous hash and data hash, not Fabric's DER encoding: the indexer treats hashes as opaque.
 */
import { createHash } from 'node:crypto';
import { PAYLOAD_EVENT_NAME, type LedgerPayload } from '../../chaincode/src/payload.js';
import type { DecodedBlock, DecodedTransaction } from '../../src/ledger/types.js';

/** The chaincode name the test blocks invoke. */
export const TEST_CHAINCODE = 'provenance';

const sha256 = (...parts: (Uint8Array | string)[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** Options of one test transaction. */
export interface TxOptions {
  txId?: string;
  validationCode?: number;
  creatorMsp?: string;
  timestamp?: Date;
  chaincode?: string;
  eventName?: string;
  /** Raw payload bytes, overriding the JSON of `payload`. */
  rawPayload?: Uint8Array;
}

/** A transaction of our chaincode emitting `payload` as its chaincode event. */
export function payloadTx(
  payload: unknown,
  options: TxOptions = {},
): Omit<DecodedTransaction, 'index'> {
  const chaincode = options.chaincode ?? TEST_CHAINCODE;
  const p = payload as Partial<LedgerPayload>;
  return {
    txId:
      options.txId ??
      sha256(JSON.stringify(payload)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), ''),
    headerType: 3,
    validationCode: options.validationCode ?? 0,
    timestamp: options.timestamp ?? new Date(p.txTimestamp ?? '2026-01-01T00:00:00Z'),
    creatorMsp: options.creatorMsp ?? p.creatorMsp ?? 'ManufacturerMSP',
    endorserMsps: ['ManufacturerMSP', 'DistributorMSP'],
    chaincode,
    functionName: p.function ?? 'CaptureEvents',
    chaincodeEvent: {
      chaincodeId: chaincode,
      eventName: options.eventName ?? PAYLOAD_EVENT_NAME,
      payload: options.rawPayload ?? new TextEncoder().encode(JSON.stringify(payload)),
    },
  };
}

/** A channel configuration transaction. */
export function configTx(txId = ''): Omit<DecodedTransaction, 'index'> {
  return {
    txId,
    headerType: 1,
    validationCode: 0,
    timestamp: new Date('2026-01-01T00:00:00Z'),
    creatorMsp: 'OrdererMSP',
    endorserMsps: [],
  };
}

/** Appends blocks to an in-memory chain, linking hashes. */
export class ChainBuilder {
  readonly blocks: DecodedBlock[] = [];

  /** Appends a block holding `txs` (indexed in order) and returns it. */
  add(
    txs: Omit<DecodedTransaction, 'index'>[],
    options: { isConfig?: boolean } = {},
  ): DecodedBlock {
    const number = BigInt(this.blocks.length);
    const previousHash = this.blocks.at(-1)?.headerHash ?? new Uint8Array(0);
    const transactions = txs.map((tx, index) => ({ ...tx, index }));
    const dataHash = sha256(...transactions.map((t) => t.txId), String(transactions.length));
    const headerHash = sha256(number.toString(), previousHash, dataHash);
    const block: DecodedBlock = {
      number,
      headerHash,
      previousHash,
      dataHash,
      // Synthetic blocks carry no envelopes to hash; a test sets false to feed an altered block.
      dataHashMatches: true,
      isConfig: options.isConfig ?? false,
      transactions,
      raw: new Uint8Array(0),
    };
    this.blocks.push(block);
    return block;
  }

  /** Appends a config block (as the genesis block is). */
  addConfig(): DecodedBlock {
    return this.add([configTx()], { isConfig: true });
  }
}
