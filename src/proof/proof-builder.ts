/**
 * Builds a ProofBundle from a raw block (as qscc GetBlockByTxID returns it) and the headers of the
 * later blocks up to the tip. Pure: the caller fetches blocks; this only reads bytes.
 */
import { blockHeaderHash, type BlockHeaderFields } from '../ledger/block-hash.js';
import {
  BlockMetadataIndex,
  parseBlockSignatures,
  parseSignatureHeader,
  readBlockParts,
  readTransactionsFilter,
} from '../ledger/block-reader.js';
import {
  parseEndorserAction,
  parseEnvelopeHeader,
  type EnvelopeHeader,
} from '../ledger/envelope-parser.js';
import { HeaderType, ValidationCode } from '../ledger/types.js';
import { NotFoundError } from '../errors.js';
import { headerToJson, toBase64, toHex } from './bundle-codec.js';
import {
  PROOF_BUNDLE_FORMAT,
  PROOF_BUNDLE_VERSION,
  type EndorsementPolicy,
  type ProofBundle,
  type ProofRecords,
} from './proof-bundle.js';

/** Inputs besides the block itself. */
export interface ProofBuildOptions {
  channel: string;
  /**
   * Headers of the blocks after this one, ascending, up to the tip (empty when this block is the
   * tip). A chain that already starts with this block's header is accepted too.
   */
  headerChain: readonly BlockHeaderFields[];
  policy: EndorsementPolicy;
}

function findTransaction(envelopes: readonly Uint8Array[], txId: string): [number, EnvelopeHeader] {
  for (const [index, envelope] of envelopes.entries()) {
    try {
      const header = parseEnvelopeHeader(envelope);
      if (header.txId === txId) return [index, header];
    } catch {
      // An unparseable envelope cannot be the one asked for; keep looking.
    }
  }
  throw new NotFoundError(`transaction ${txId} is not in this block`);
}

function parseRecordsJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function sameHeader(a: BlockHeaderFields, b: BlockHeaderFields): boolean {
  return (
    a.number === b.number &&
    Buffer.from(a.previousHash).equals(b.previousHash) &&
    Buffer.from(a.dataHash).equals(b.dataHash)
  );
}

function fullChain(
  own: BlockHeaderFields,
  later: readonly BlockHeaderFields[],
): BlockHeaderFields[] {
  const first = later[0];
  const chain = first !== undefined && sameHeader(first, own) ? [...later] : [own, ...later];
  for (let i = 1; i < chain.length; i++) {
    const previous = chain[i - 1];
    const current = chain[i];
    if (previous === undefined || current === undefined) break;
    if (
      current.number !== previous.number + 1n ||
      !Buffer.from(current.previousHash).equals(blockHeaderHash(previous))
    ) {
      throw new Error(
        `header chain breaks between blocks ${previous.number} and ${current.number}`,
      );
    }
  }
  return chain;
}

/**
 * Builds the proof for `txId` from the raw block that holds it.
 * @throws NotFoundError when the block does not hold the transaction.
 * @throws Error when the transaction is not an endorser transaction of `channel`, or the header chain is broken.
 */
export function buildProofBundle(
  rawBlock: Uint8Array,
  txId: string,
  options: ProofBuildOptions,
): ProofBundle {
  const parts = readBlockParts(rawBlock);
  const [txIndex, header] = findTransaction(parts.envelopes, txId);
  if (header.channelId !== options.channel) {
    throw new Error(
      `transaction ${txId} belongs to channel ${header.channelId}, not ${options.channel}`,
    );
  }
  if (header.headerType !== HeaderType.ENDORSER_TRANSACTION || header.creator === undefined) {
    throw new Error(`transaction ${txId} is not an endorser transaction`);
  }
  const action = parseEndorserAction(header.data);
  const signatures = parseBlockSignatures(
    parts.metadata[BlockMetadataIndex.SIGNATURES] ?? new Uint8Array(0),
  );
  const chain = fullChain(parts.header, options.headerChain);
  const tip = chain[chain.length - 1] ?? parts.header;
  const envelope = parts.envelopes[txIndex] ?? new Uint8Array(0);
  const records: ProofRecords | null =
    action.event === undefined
      ? null
      : {
          chaincodeId: action.event.chaincodeId,
          eventName: action.event.eventName,
          payload: toBase64(action.event.payload),
          parsed: parseRecordsJson(action.event.payload),
        };
  return {
    format: PROOF_BUNDLE_FORMAT,
    version: PROOF_BUNDLE_VERSION,
    channel: options.channel,
    txId,
    blockNumber: parts.header.number.toString(),
    txIndex,
    validationCode: readTransactionsFilter(parts)[txIndex] ?? ValidationCode.NOT_VALIDATED,
    transaction: {
      envelope: toBase64(envelope),
      creator: { ...header.creator },
      endorsements: action.endorsements.map((e) => ({
        ...e.endorser,
        signature: toBase64(e.signature),
      })),
    },
    block: {
      header: headerToJson(parts.header),
      envelopes: parts.envelopes.map(toBase64),
      ordererSignatures: {
        value: toBase64(signatures.value),
        signatures: signatures.signatures.map((s) => ({
          signatureHeader: toBase64(s.signatureHeader),
          signature: toBase64(s.signature),
          signer: parseSignatureHeader(s.signatureHeader).creator,
        })),
      },
    },
    headerChain: chain.map(headerToJson),
    tip: { number: tip.number.toString(), headerHash: toHex(blockHeaderHash(tip)) },
    policy: { type: options.policy.type, orgs: [...options.policy.orgs] },
    records,
  };
}
