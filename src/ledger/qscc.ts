/**
 * Ledger queries through the query system chaincode (qscc), evaluated on one peer: a block by
 * transaction id or by number, and the chain height and tip hash. Returns raw block bytes for the
 * decoder and the proof builder.
 */
import { common } from '@hyperledger/fabric-protos';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { LedgerRejectedError, NotFoundError } from '../errors.js';
import { toLedgerError } from './gateway-errors.js';
import { readUint64Field } from './proto-wire.js';

/** Height and hashes of a channel's chain as one peer sees it. */
export interface ChainInfo {
  /** Number of blocks; the tip is height - 1. */
  height: bigint;
  /** Header hash of the tip block. */
  currentBlockHash: Uint8Array;
  previousBlockHash: Uint8Array;
}

/** Reads blocks and chain info from a peer's ledger. */
export interface QsccClient {
  /** The serialized block holding `txId`. @throws NotFoundError, LedgerUnavailableError, LedgerRejectedError */
  getBlockByTxId(channel: string, txId: string): Promise<Uint8Array>;
  /** The serialized block `number`. @throws NotFoundError, LedgerUnavailableError, LedgerRejectedError */
  getBlockByNumber(channel: string, number: bigint): Promise<Uint8Array>;
  /** Chain height and tip hash. @throws LedgerUnavailableError, LedgerRejectedError */
  getChainInfo(channel: string): Promise<ChainInfo>;
}

/** Decodes qscc's GetChainInfo answer (common.BlockchainInfo), keeping the uint64 height exact. */
export function decodeChainInfo(bytes: Uint8Array): ChainInfo {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return {
    height: readUint64Field(bytes, 1),
    currentBlockHash: info.getCurrentblockhash_asU8(),
    previousBlockHash: info.getPreviousblockhash_asU8(),
  };
}

// The peer answers a missing block or transaction with a chaincode error, not a distinct code.
const NOT_FOUND = /no such (transaction ID|block number)|not found|does not exist/i;

/** True when a qscc failure says the block or transaction does not exist. */
export function isQsccNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = (error as { details?: unknown }).details;
  const texts = Array.isArray(details)
    ? details.map((d) => {
        const text = (d as { message?: unknown }).message;
        return typeof text === 'string' ? text : '';
      })
    : [];
  return NOT_FOUND.test([error.message, ...texts].join(' '));
}

/** Creates a qscc client over an open gateway. */
export function createQsccClient(gateway: Gateway): QsccClient {
  const evaluate = async (
    channel: string,
    fn: string,
    args: string[],
    what: string,
  ): Promise<Uint8Array> => {
    try {
      return await gateway
        .getNetwork(channel)
        .getContract('qscc')
        .evaluateTransaction(fn, channel, ...args);
    } catch (error) {
      const mapped = toLedgerError(error, `qscc ${fn}`);
      if (mapped instanceof LedgerRejectedError && isQsccNotFound(error)) {
        throw new NotFoundError(`${what} not found on channel ${channel}`);
      }
      throw mapped;
    }
  };
  return {
    getBlockByTxId: (channel, txId) =>
      evaluate(channel, 'GetBlockByTxID', [txId], `transaction ${txId}`),
    getBlockByNumber: (channel, number) =>
      evaluate(channel, 'GetBlockByNumber', [number.toString()], `block ${number}`),
    getChainInfo: async (channel) =>
      decodeChainInfo(await evaluate(channel, 'GetChainInfo', [], 'chain info')),
  };
}
