/**
 * Fabric's block hashes (protoutil/blockutils.go): the header hash is SHA-256 over the DER
 * SEQUENCE { number, previous_hash, data_hash } and the data hash is SHA-256 over the plain
 * concatenation of the envelopes (not a Merkle tree).
 */
import { createHash } from 'node:crypto';
import { encodeDerInteger, encodeDerOctetString, encodeDerSequence } from './der-encoder.js';

/** The three fields of a block header that the hash chain covers. */
export interface BlockHeaderFields {
  number: bigint;
  previousHash: Uint8Array;
  dataHash: Uint8Array;
}

/** DER bytes of a block header, exactly what orderers sign and what the header hash covers. */
export function blockHeaderBytes(header: BlockHeaderFields): Uint8Array {
  if (header.number < 0n || header.number >= 1n << 64n) {
    throw new RangeError(`block number ${header.number} is not a uint64`);
  }
  return encodeDerSequence([
    encodeDerInteger(header.number),
    encodeDerOctetString(header.previousHash),
    encodeDerOctetString(header.dataHash),
  ]);
}

/** SHA-256 of the DER header: the value the next block stores as previous_hash. */
export function blockHeaderHash(header: BlockHeaderFields): Uint8Array {
  return sha256(blockHeaderBytes(header));
}

/** SHA-256 over the concatenated envelope bytes, as Fabric's BlockDataHash computes it. */
export function blockDataHash(envelopes: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const envelope of envelopes) hash.update(envelope);
  return new Uint8Array(hash.digest());
}

/** SHA-256 of the concatenation of the given byte arrays. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** Fabric's transaction id: hex SHA-256 of nonce ‖ serialized creator identity. */
export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return Buffer.from(sha256(nonce, creator)).toString('hex');
}
