/**
 * The few DER (X.690) encodings Fabric hashes and signs: a block header is an ASN.1
 * SEQUENCE { INTEGER, OCTET STRING, OCTET STRING } and an ECDSA signature a SEQUENCE of two
 * INTEGERs. Written by hand so both sides of a proof agree byte for byte, with no ASN.1 library.
 */

const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_SEQUENCE = 0x30;

/** Encodes a DER length: short form below 128, else 0x80|n followed by n big-endian bytes. */
export function encodeDerLength(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bad DER length ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const length = encodeDerLength(content.length);
  const out = new Uint8Array(1 + length.length + content.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(content, 1 + length.length);
  return out;
}

/**
 * Encodes a DER INTEGER (two's complement, minimal length). Go's asn1 encodes Fabric's uint64
 * block number through big.Int, so 128 becomes 02 02 00 80: a leading zero keeps it positive.
 */
export function encodeDerInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('negative DER integers are not used by Fabric');
  const hex = value.toString(16);
  const bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  const first = bytes[0] ?? 0;
  const content = first >= 0x80 ? Buffer.concat([Uint8Array.of(0), bytes]) : bytes;
  return tlv(TAG_INTEGER, content);
}

/** Encodes a DER OCTET STRING. */
export function encodeDerOctetString(value: Uint8Array): Uint8Array {
  return tlv(TAG_OCTET_STRING, value);
}

/** Encodes a DER SEQUENCE of already-encoded elements. */
export function encodeDerSequence(elements: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG_SEQUENCE, Buffer.concat(elements));
}

/** A DER element read back: its tag, content and the offset just past it. */
export interface DerElement {
  tag: number;
  content: Uint8Array;
  end: number;
}

/**
 * Reads one DER element at `offset`, refusing indefinite and non-minimal lengths.
 * @throws RangeError when the bytes are not a well-formed DER element.
 */
export function readDerElement(bytes: Uint8Array, offset: number): DerElement {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new RangeError('truncated DER element');
  let length = first;
  let cursor = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('unsupported DER length form');
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[cursor++];
      if (b === undefined) throw new RangeError('truncated DER length');
      if (i === 0 && b === 0) throw new RangeError('non-minimal DER length');
      length = length * 256 + b;
    }
    if (length < 0x80) throw new RangeError('non-minimal DER length');
  }
  const end = cursor + length;
  if (end > bytes.length) throw new RangeError('truncated DER content');
  return { tag, content: bytes.subarray(cursor, end), end };
}

/**
 * Decodes the content of a DER INTEGER as a non-negative bigint, refusing non-minimal encodings.
 * @throws RangeError for negative or non-minimal integers.
 */
export function decodeDerUnsignedInteger(content: Uint8Array): bigint {
  const first = content[0];
  if (first === undefined) throw new RangeError('empty DER integer');
  if (first & 0x80) throw new RangeError('negative DER integer');
  const second = content[1];
  if (first === 0 && second !== undefined && (second & 0x80) === 0) {
    throw new RangeError('non-minimal DER integer');
  }
  return BigInt(`0x${Buffer.from(content).toString('hex')}`);
}

export { TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE };
