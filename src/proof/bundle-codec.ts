/**
 * JSON ↔ bytes for ProofBundles. Decoding is strict (canonical base64 and hex, decimal uint64,
 * every field typed) so that one document has exactly one meaning: a bundle that decodes here
 * is the input to every other check, and one that does not fails `bundle-format` alone.
 */
import type { BlockHeaderFields } from '../ledger/block-hash.js';
import {
  PROOF_BUNDLE_FORMAT,
  PROOF_BUNDLE_VERSION,
  type ProofBlockHeader,
  type ProofBundle,
  type ProofIdentity,
} from './proof-bundle.js';

/** Bytes to standard padded base64. */
export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
/** Bytes to lower-case hex. */
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A header in its JSON form. */
export function headerToJson(header: BlockHeaderFields): ProofBlockHeader {
  return {
    number: header.number.toString(),
    previousHash: toHex(header.previousHash),
    dataHash: toHex(header.dataHash),
  };
}

/** An orderer signature with its bytes decoded. */
export interface DecodedOrdererSignature {
  signatureHeader: Uint8Array;
  signature: Uint8Array;
  signer: ProofIdentity;
}

/** A bundle with every binary field decoded; `json` is the bundle as given. */
export interface DecodedBundle {
  json: ProofBundle;
  blockNumber: bigint;
  envelope: Uint8Array;
  endorsementSignatures: Uint8Array[];
  header: BlockHeaderFields;
  envelopes: Uint8Array[];
  ordererValue: Uint8Array;
  ordererSignatures: DecodedOrdererSignature[];
  headerChain: BlockHeaderFields[];
  tip: { number: bigint; headerHash: Uint8Array };
  recordsPayload: Uint8Array | undefined;
}

class FormatError extends Error {}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(`${path} must be an object`);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new FormatError(`${path} must be an array`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new FormatError(`${path} must be a string`);
  return value;
}

function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new FormatError(`${path} must be a non-negative integer`);
  }
  return value;
}

function base64(value: unknown, path: string): Uint8Array {
  const text = string(value, path);
  const bytes = Buffer.from(text, 'base64');
  // Buffer ignores junk characters; re-encoding rejects every non-canonical spelling.
  if (bytes.toString('base64') !== text) throw new FormatError(`${path} must be canonical base64`);
  return new Uint8Array(bytes);
}

function hex(value: unknown, path: string): Uint8Array {
  const text = string(value, path);
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new FormatError(`${path} must be lower-case hex`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}

function uint64(value: unknown, path: string): bigint {
  const text = string(value, path);
  if (!/^(?:0|[1-9][0-9]{0,19})$/.test(text) || BigInt(text) >= 1n << 64n) {
    throw new FormatError(`${path} must be a decimal uint64`);
  }
  return BigInt(text);
}

function identity(value: unknown, path: string): ProofIdentity {
  const o = object(value, path);
  return {
    mspId: string(o.mspId, `${path}.mspId`),
    certificatePem: string(o.certificatePem, `${path}.certificatePem`),
  };
}

function header(value: unknown, path: string): BlockHeaderFields {
  const o = object(value, path);
  return {
    number: uint64(o.number, `${path}.number`),
    previousHash: hex(o.previousHash, `${path}.previousHash`),
    dataHash: hex(o.dataHash, `${path}.dataHash`),
  };
}

function policy(value: unknown): void {
  const o = object(value, 'policy');
  if (o.type !== 'MAJORITY' && o.type !== 'ANY' && o.type !== 'ALL') {
    throw new FormatError('policy.type must be MAJORITY, ANY or ALL');
  }
  array(o.orgs, 'policy.orgs').forEach((org, i) => string(org, `policy.orgs[${i}]`));
}

function decode(input: unknown): DecodedBundle {
  const b = object(input, 'bundle');
  if (b.format !== PROOF_BUNDLE_FORMAT)
    throw new FormatError(`format must be ${PROOF_BUNDLE_FORMAT}`);
  if (b.version !== PROOF_BUNDLE_VERSION) {
    throw new FormatError(
      `version ${String(b.version)} is not supported (expected ${PROOF_BUNDLE_VERSION})`,
    );
  }
  string(b.channel, 'channel');
  string(b.txId, 'txId');
  integer(b.txIndex, 'txIndex');
  integer(b.validationCode, 'validationCode');
  const tx = object(b.transaction, 'transaction');
  identity(tx.creator, 'transaction.creator');
  const endorsementSignatures = array(tx.endorsements, 'transaction.endorsements').map((e, i) => {
    identity(e, `transaction.endorsements[${i}]`);
    return base64(object(e, '').signature, `transaction.endorsements[${i}].signature`);
  });
  const block = object(b.block, 'block');
  const signed = object(block.ordererSignatures, 'block.ordererSignatures');
  const tip = object(b.tip, 'tip');
  policy(b.policy);
  let recordsPayload: Uint8Array | undefined;
  if (b.records !== null) {
    const r = object(b.records, 'records');
    string(r.chaincodeId, 'records.chaincodeId');
    string(r.eventName, 'records.eventName');
    recordsPayload = base64(r.payload, 'records.payload');
    if (!('parsed' in r)) throw new FormatError('records.parsed is missing');
  }
  return {
    json: input as ProofBundle,
    blockNumber: uint64(b.blockNumber, 'blockNumber'),
    envelope: base64(tx.envelope, 'transaction.envelope'),
    endorsementSignatures,
    header: header(block.header, 'block.header'),
    envelopes: array(block.envelopes, 'block.envelopes').map((e, i) =>
      base64(e, `block.envelopes[${i}]`),
    ),
    ordererValue: base64(signed.value, 'block.ordererSignatures.value'),
    ordererSignatures: array(signed.signatures, 'block.ordererSignatures.signatures').map(
      (s, i) => {
        const path = `block.ordererSignatures.signatures[${i}]`;
        const o = object(s, path);
        return {
          signatureHeader: base64(o.signatureHeader, `${path}.signatureHeader`),
          signature: base64(o.signature, `${path}.signature`),
          signer: identity(o.signer, `${path}.signer`),
        };
      },
    ),
    headerChain: array(b.headerChain, 'headerChain').map((h, i) => header(h, `headerChain[${i}]`)),
    tip: {
      number: uint64(tip.number, 'tip.number'),
      headerHash: hex(tip.headerHash, 'tip.headerHash'),
    },
    recordsPayload,
  };
}

/** Decodes and type-checks a bundle; returns the reason when it is not a well-formed v1 bundle. */
export function decodeBundle(
  input: unknown,
): { ok: true; bundle: DecodedBundle } | { ok: false; reason: string } {
  try {
    return { ok: true, bundle: decode(input) };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, reason: error.message };
    throw error;
  }
}
