import { describe, expect, it } from 'vitest';
import {
  decodeDerUnsignedInteger,
  encodeDerInteger,
  encodeDerLength,
  encodeDerOctetString,
  readDerElement,
} from '../../../src/ledger/der-encoder.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('DER encoder', () => {
  it('encodes integers minimally, with a sign byte when the top bit is set', () => {
    expect(hex(encodeDerInteger(0n))).toBe('020100');
    expect(hex(encodeDerInteger(5n))).toBe('020105');
    expect(hex(encodeDerInteger(127n))).toBe('02017f');
    expect(hex(encodeDerInteger(128n))).toBe('02020080');
    expect(hex(encodeDerInteger(256n))).toBe('02020100');
    expect(hex(encodeDerInteger(2n ** 53n + 1n))).toBe('020720000000000001');
    expect(hex(encodeDerInteger(2n ** 64n - 1n))).toBe('020900ffffffffffffffff');
  });

  it('uses the long length form from 128 bytes on', () => {
    expect(hex(encodeDerLength(127))).toBe('7f');
    expect(hex(encodeDerLength(128))).toBe('8180');
    expect(hex(encodeDerLength(300))).toBe('82012c');
    const long = encodeDerOctetString(new Uint8Array(200));
    expect(hex(long.subarray(0, 3))).toBe('0481c8');
    expect(long.length).toBe(203);
  });

  it('reads back what it writes and refuses non-minimal forms', () => {
    const element = readDerElement(encodeDerInteger(2n ** 64n - 1n), 0);
    expect(decodeDerUnsignedInteger(element.content)).toBe(2n ** 64n - 1n);
    expect(() => decodeDerUnsignedInteger(Uint8Array.of(0x00, 0x05))).toThrow(/non-minimal/);
    expect(() => decodeDerUnsignedInteger(Uint8Array.of(0x80))).toThrow(/negative/);
    expect(() => readDerElement(Uint8Array.of(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), 0)).toThrow(
      /non-minimal/,
    );
    expect(() => readDerElement(Uint8Array.of(0x04, 0x05, 1, 2), 0)).toThrow(/truncated/);
  });
});
