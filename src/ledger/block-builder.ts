/**
 * Assembles real-format blocks the way Fabric's orderer and committing peer leave them:
 * data_hash over the envelopes, metadata[SIGNATURES] = Metadata{OrdererBlockMetadata,
 * [orderer signature over value ‖ signature_header ‖ DER(header)]}, metadata[LAST_CONFIG] =
 * Metadata{LastConfig} (orderers still write it), metadata[TRANSACTIONS_FILTER] = one validation
 * byte per transaction, ORDERER and COMMIT_HASH present but empty. Used by tests and by the
 * benchmark loader to feed the indexer without a network.
 */
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  type BlockHeaderFields,
} from './block-hash.js';
import { BlockMetadataIndex } from './block-reader.js';
import type { FabricSigner } from './fabric-signer.js';
import { writeMessage } from './proto-wire.js';
import { buildEndorserEnvelope, type TransactionSpec } from './transaction-builder.js';

/** An envelope built elsewhere (config, unknown type, deliberately malformed) to put in a block. */
export interface PrebuiltEnvelope {
  envelope: Uint8Array;
  /** Default 0 (VALID). */
  validationCode?: number;
  txId?: string;
}

/** A block item: an endorser transaction to build, or a prebuilt envelope. */
export type BlockItem = TransactionSpec | PrebuiltEnvelope;

/** What goes into one block. */
export interface BlockSpec {
  channel: string;
  number: bigint;
  /** Header hash of the previous block; empty for block 0. */
  previousHash: Uint8Array;
  /** Identity that signs the block (an orderer of the ordering org). */
  orderer: FabricSigner;
  items: readonly BlockItem[];
  /** Index of the last config block, recorded in the orderer metadata; default 0. */
  lastConfigIndex?: bigint;
}

/** A built block: its bytes plus what callers usually need next. */
export interface BuiltBlock {
  bytes: Uint8Array;
  header: BlockHeaderFields;
  headerHash: Uint8Array;
  /** Transaction id per envelope ('' for a prebuilt envelope given without one). */
  txIds: string[];
}

const NONCE_LENGTH = 24;

function isPrebuilt(item: BlockItem): item is PrebuiltEnvelope {
  return 'envelope' in item;
}

function signaturesMetadata(header: BlockHeaderFields, spec: BlockSpec): Uint8Array {
  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(Number(spec.lastConfigIndex ?? 0n));
  const ordererMetadata = new common.OrdererBlockMetadata();
  ordererMetadata.setLastConfig(lastConfig);
  // Consenter metadata is consensus-specific (etcdraft's raft index); an empty Metadata keeps the shape.
  ordererMetadata.setConsenterMetadata(new common.Metadata().serializeBinary());
  const value = ordererMetadata.serializeBinary();

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(spec.orderer.serializedIdentity);
  signatureHeader.setNonce(randomBytes(NONCE_LENGTH));
  const signatureHeaderBytes = signatureHeader.serializeBinary();
  const signature = new common.MetadataSignature();
  signature.setSignatureHeader(signatureHeaderBytes);
  signature.setSignature(
    spec.orderer.sign(Buffer.concat([value, signatureHeaderBytes, blockHeaderBytes(header)])),
  );
  const metadata = new common.Metadata();
  metadata.setValue(value);
  metadata.setSignaturesList([signature]);
  return metadata.serializeBinary();
}

function lastConfigMetadata(spec: BlockSpec): Uint8Array {
  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(Number(spec.lastConfigIndex ?? 0n));
  const metadata = new common.Metadata();
  metadata.setValue(lastConfig.serializeBinary());
  return metadata.serializeBinary();
}

/** Builds and signs one block. */
export function buildBlock(spec: BlockSpec): BuiltBlock {
  const envelopes: Uint8Array[] = [];
  const txIds: string[] = [];
  const filter = new Uint8Array(spec.items.length);
  spec.items.forEach((item, i) => {
    if (isPrebuilt(item)) {
      envelopes.push(item.envelope);
      txIds.push(item.txId ?? '');
    } else {
      const built = buildEndorserEnvelope(spec.channel, item);
      envelopes.push(built.envelope);
      txIds.push(built.txId);
    }
    filter[i] = item.validationCode ?? 0;
  });
  const header: BlockHeaderFields = {
    number: spec.number,
    previousHash: spec.previousHash,
    dataHash: blockDataHash(envelopes),
  };
  const metadata: Uint8Array[] = [];
  metadata[BlockMetadataIndex.SIGNATURES] = signaturesMetadata(header, spec);
  metadata[BlockMetadataIndex.LAST_CONFIG] = lastConfigMetadata(spec);
  metadata[BlockMetadataIndex.TRANSACTIONS_FILTER] = filter;
  metadata[BlockMetadataIndex.ORDERER] = new Uint8Array(0);
  metadata[BlockMetadataIndex.COMMIT_HASH] = new Uint8Array(0);

  const data = new common.BlockData();
  data.setDataList(envelopes);
  const blockMetadata = new common.BlockMetadata();
  blockMetadata.setMetadataList(metadata);
  // Written by hand so block numbers past 2^53 survive (generated setters take a JS number).
  const headerBytes = writeMessage([
    { field: 1, uint64: header.number },
    { field: 2, bytes: header.previousHash },
    { field: 3, bytes: header.dataHash },
  ]);
  const bytes = writeMessage([
    { field: 1, bytes: headerBytes, keepEmpty: true },
    { field: 2, bytes: data.serializeBinary(), keepEmpty: true },
    { field: 3, bytes: blockMetadata.serializeBinary(), keepEmpty: true },
  ]);
  return { bytes, header, headerHash: blockHeaderHash(header), txIds };
}

/** A chain of blocks under construction: each block links to the previous one's header hash. */
export interface BlockSequence {
  /** Builds the next block from its items. */
  next(items: readonly BlockItem[]): BuiltBlock;
  readonly nextNumber: bigint;
  readonly previousHash: Uint8Array;
}

/** Starts a block sequence at `startNumber` (default 0, the genesis block). */
export function createBlockSequence(options: {
  channel: string;
  orderer: FabricSigner;
  startNumber?: bigint;
  previousHash?: Uint8Array;
  lastConfigIndex?: bigint;
}): BlockSequence {
  let nextNumber = options.startNumber ?? 0n;
  let previousHash = options.previousHash ?? new Uint8Array(0);
  return {
    next(items) {
      const block = buildBlock({
        channel: options.channel,
        number: nextNumber,
        previousHash,
        orderer: options.orderer,
        items,
        ...(options.lastConfigIndex === undefined
          ? {}
          : { lastConfigIndex: options.lastConfigIndex }),
      });
      nextNumber += 1n;
      previousHash = block.headerHash;
      return block;
    },
    get nextNumber() {
      return nextNumber;
    },
    get previousHash() {
      return previousHash;
    },
  };
}
