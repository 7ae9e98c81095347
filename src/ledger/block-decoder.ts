/**
 * Serialized common.Block → DecodedBlock. Robust by design: an envelope that does not parse, a
 * config transaction or an unknown header type becomes a DecodedTransaction carrying what could
 * be read (and `decodeError`), never an exception, so one odd envelope cannot stall the indexer.
 * The proof uses the lower-level readers (block-reader, envelope-parser) for the exact bytes.
 */
import { blockDataHash, blockHeaderHash } from './block-hash.js';
import { readBlockParts, readTransactionsFilter } from './block-reader.js';
import {
  parseEndorserAction,
  parseEnvelopeHeader,
  type EnvelopeHeader,
} from './envelope-parser.js';
import { HeaderType, ValidationCode, type DecodedBlock, type DecodedTransaction } from './types.js';

/**
 * Decodes a block; transactions keep their position and validation code.
 * @throws Error when the bytes are not a common.Block with a header.
 */
export function decodeBlock(raw: Uint8Array): DecodedBlock {
  const parts = readBlockParts(raw);
  const filter = readTransactionsFilter(parts);
  const transactions = parts.envelopes.map((envelope, index) =>
    decodeTransaction(envelope, index, filter[index] ?? ValidationCode.NOT_VALIDATED),
  );
  return {
    number: parts.header.number,
    headerHash: blockHeaderHash(parts.header),
    previousHash: parts.header.previousHash,
    dataHash: parts.header.dataHash,
    dataHashMatches: Buffer.from(blockDataHash(parts.envelopes)).equals(parts.header.dataHash),
    isConfig: transactions.some((tx) => tx.headerType === HeaderType.CONFIG),
    transactions,
    raw,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decodes one envelope of a block; never throws. */
export function decodeTransaction(
  envelope: Uint8Array,
  index: number,
  validationCode: number,
): DecodedTransaction {
  const tx: DecodedTransaction = {
    txId: '',
    index,
    headerType: -1,
    validationCode,
    timestamp: new Date(0),
    creatorMsp: '',
    endorserMsps: [],
  };
  let header: EnvelopeHeader;
  try {
    header = parseEnvelopeHeader(envelope);
  } catch (error) {
    tx.decodeError = `envelope: ${message(error)}`;
    return tx;
  }
  tx.txId = header.txId;
  tx.headerType = header.headerType;
  tx.timestamp = header.timestamp;
  tx.creatorMsp = header.creator?.mspId ?? '';
  if (header.headerType !== HeaderType.ENDORSER_TRANSACTION) return tx;
  try {
    const action = parseEndorserAction(header.data);
    tx.endorserMsps = action.endorsements.map((e) => e.endorser.mspId);
    const chaincode = action.invocation?.chaincode ?? action.chaincodeId?.name;
    if (chaincode !== undefined && chaincode !== '') tx.chaincode = chaincode;
    const fn = action.invocation?.args[0];
    if (fn !== undefined) tx.functionName = Buffer.from(fn).toString('utf8');
    if (action.event !== undefined) {
      tx.chaincodeEvent = {
        chaincodeId: action.event.chaincodeId,
        eventName: action.event.eventName,
        payload: action.event.payload,
      };
    }
  } catch (error) {
    tx.decodeError = `transaction: ${message(error)}`;
  }
  return tx;
}
