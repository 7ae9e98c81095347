import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  computeTxId,
} from '../../../src/ledger/block-hash.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('block hashes', () => {
  it('encodes a small header exactly as Go asn1.Marshal does and hashes it', () => {
    const header = {
      number: 5n,
      previousHash: new Uint8Array(32).fill(0x11),
      dataHash: new Uint8Array(32).fill(0x22),
    };
    // SEQUENCE(71) { INTEGER 5, OCTET STRING(32) 11…, OCTET STRING(32) 22… }, written out by hand.
    const expected = Buffer.concat([
      Buffer.from('3047020105', 'hex'),
      Buffer.from('0420', 'hex'),
      Buffer.alloc(32, 0x11),
      Buffer.from('0420', 'hex'),
      Buffer.alloc(32, 0x22),
    ]);
    expect(hex(blockHeaderBytes(header))).toBe(expected.toString('hex'));
    // Value computed outside this code base (Python hashlib over the same bytes).
    expect(hex(blockHeaderHash(header))).toBe(
      '8eae4b166138a4a09c6acfdc069f7c7d06ba8e165ca6cde8902521ea079ea8ba',
    );
  });

  it('handles block numbers beyond 2^53 and empty hashes (genesis)', () => {
    const header = {
      number: 2n ** 63n + 1n,
      previousHash: new Uint8Array(0),
      dataHash: new Uint8Array(0),
    };
    expect(hex(blockHeaderBytes(header))).toBe('300f0209008000000000000001' + '0400' + '0400');
    expect(hex(blockHeaderHash(header))).toBe(
      '77c5d8ebffa528cb01674245657367049f7e3266e796e1a730e2dbd0f24165be',
    );
    expect(() => blockHeaderBytes({ ...header, number: 2n ** 64n })).toThrow(/uint64/);
  });

  it('hashes block data as the flat concatenation of envelopes', () => {
    const envelopes = [Buffer.from('first'), Buffer.from('second'), Buffer.alloc(0)];
    const expected = createHash('sha256').update('firstsecond').digest('hex');
    expect(hex(blockDataHash(envelopes))).toBe(expected);
    expect(hex(blockDataHash([]))).toBe(createHash('sha256').digest('hex'));
  });

  it('derives the txId from nonce and creator', () => {
    const nonce = Buffer.from('000102', 'hex');
    const creator = Buffer.from('creator');
    expect(computeTxId(nonce, creator)).toBe(
      createHash('sha256')
        .update(Buffer.concat([nonce, creator]))
        .digest('hex'),
    );
  });
});
