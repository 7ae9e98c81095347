/**
 * Splits a serialized common.Block into the parts hashes and signatures are computed over:
 * header fields (block number read exactly as uint64), the raw envelope bytes, and the raw
 * metadata slots. Nothing here interprets transactions.
 */
import { common } from '@hyperledger/fabric-protos';
import type { BlockHeaderFields } from './block-hash.js';
import { readBytesField, readUint64Field } from './proto-wire.js';
import { parseIdentity, type LedgerIdentity } from './serialized-identity.js';

/** Fabric's BlockMetadataIndex. */
export const BlockMetadataIndex = {
  SIGNATURES: 0,
  LAST_CONFIG: 1,
  TRANSACTIONS_FILTER: 2,
  ORDERER: 3,
  COMMIT_HASH: 4,
} as const;

/** The raw parts of a block. */
export interface BlockParts {
  header: BlockHeaderFields;
  /** block.data.data: one serialized Envelope per transaction. */
  envelopes: Uint8Array[];
  /** block.metadata.metadata, by BlockMetadataIndex. */
  metadata: Uint8Array[];
}

/**
 * Reads the header, envelopes and metadata slots of a serialized block.
 * @throws Error when the bytes are not a common.Block with a header.
 */
export function readBlockParts(raw: Uint8Array): BlockParts {
  const headerBytes = readBytesField(raw, 1);
  if (headerBytes === undefined) throw new Error('block has no header');
  const block = common.Block.deserializeBinary(raw);
  const header = block.getHeader();
  if (header === undefined) throw new Error('block has no header');
  return {
    header: {
      number: readUint64Field(headerBytes, 1),
      previousHash: header.getPreviousHash_asU8(),
      dataHash: header.getDataHash_asU8(),
    },
    envelopes: block.getData()?.getDataList_asU8() ?? [],
    metadata: block.getMetadata()?.getMetadataList_asU8() ?? [],
  };
}

/** One orderer signature from metadata[SIGNATURES]. */
export interface BlockSignature {
  /** Serialized common.SignatureHeader (empty for BFT identifier-header signatures). */
  signatureHeader: Uint8Array;
  signature: Uint8Array;
  /** Serialized common.IdentifierHeader, set by BFT orderers instead of a signature header. */
  identifierHeader: Uint8Array;
}

/** The orderer's signed metadata: Metadata.value (OrdererBlockMetadata) and its signatures. */
export interface BlockSignatures {
  value: Uint8Array;
  signatures: BlockSignature[];
}

/**
 * Parses metadata[SIGNATURES].
 * @throws Error when the slot is not a common.Metadata message.
 */
export function parseBlockSignatures(metadataSlot: Uint8Array): BlockSignatures {
  const metadata = common.Metadata.deserializeBinary(metadataSlot);
  return {
    value: metadata.getValue_asU8(),
    signatures: metadata.getSignaturesList().map((s) => ({
      signatureHeader: s.getSignatureHeader_asU8(),
      signature: s.getSignature_asU8(),
      identifierHeader: s.getIdentifierHeader_asU8(),
    })),
  };
}

/** The signer and nonce of a common.SignatureHeader. */
export interface SignatureHeaderDetail {
  creator: LedgerIdentity;
  creatorBytes: Uint8Array;
  nonce: Uint8Array;
}

/**
 * Parses a serialized common.SignatureHeader and its creator identity.
 * @throws Error when the header or its creator does not parse.
 */
export function parseSignatureHeader(bytes: Uint8Array): SignatureHeaderDetail {
  const header = common.SignatureHeader.deserializeBinary(bytes);
  const creatorBytes = header.getCreator_asU8();
  return { creator: parseIdentity(creatorBytes), creatorBytes, nonce: header.getNonce_asU8() };
}

/** Validation code per transaction from metadata[TRANSACTIONS_FILTER] (raw bytes, one per tx). */
export function readTransactionsFilter(parts: BlockParts): Uint8Array {
  return parts.metadata[BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array(0);
}
