/**
 * Direct protobuf wire access for the uint64 fields Fabric uses as block numbers and heights.
 * google-protobuf's generated getters turn uint64 into a JS number, which silently loses
 * precision past 2^53; reading and writing them as decimal strings keeps every bit.
 */
import jspb from 'google-protobuf';

/**
 * Returns the last occurrence of a uint64 field of a message, or 0n when absent (proto3 default).
 * @throws Error when the bytes are not a well-formed protobuf message.
 */
export function readUint64Field(message: Uint8Array, fieldNumber: number): bigint {
  const reader = new jspb.BinaryReader(message);
  let value = 0n;
  while (reader.nextField()) {
    if (reader.isEndGroup()) break;
    if (reader.getFieldNumber() === fieldNumber) value = BigInt(reader.readUint64String());
    else reader.skipField();
  }
  return value;
}

/** Returns the last occurrence of a length-delimited field, or undefined when absent. */
export function readBytesField(message: Uint8Array, fieldNumber: number): Uint8Array | undefined {
  const reader = new jspb.BinaryReader(message);
  let value: Uint8Array | undefined;
  while (reader.nextField()) {
    if (reader.isEndGroup()) break;
    if (reader.getFieldNumber() === fieldNumber) value = reader.readBytes();
    else reader.skipField();
  }
  return value;
}

/** A field to write: a uint64 (as bigint) or bytes; proto3 omits zero and empty scalars. */
export type WireField =
  { field: number; uint64: bigint } | { field: number; bytes: Uint8Array; keepEmpty?: boolean };

/** Serializes fields in the given order, the way generated code would for the same values. */
export function writeMessage(fields: readonly WireField[]): Uint8Array {
  const writer = new jspb.BinaryWriter();
  for (const f of fields) {
    if ('uint64' in f) {
      if (f.uint64 !== 0n) writer.writeUint64String(f.field, f.uint64.toString());
    } else if (f.bytes.length > 0 || f.keepEmpty === true) {
      writer.writeBytes(f.field, f.bytes);
    }
  }
  return writer.getResultBuffer();
}
