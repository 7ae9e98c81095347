/**
 * A minimal, deterministic ustar writer for the chaincode package (two small regular files per
 * archive). Deterministic bytes give a stable package id across runs: fixed mtime, uid and mode.
 */

/** One regular file to put in an archive. */
export interface TarEntry {
  name: string;
  content: Uint8Array;
}

const BLOCK = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'ascii');
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  // Octal digits, NUL-terminated, left-padded with zeros, as ustar expects.
  writeString(header, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** Serialises entries as an uncompressed ustar archive. */
export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) > 100)
      throw new Error(`tar entry name too long: ${entry.name}`);
    const header = Buffer.alloc(BLOCK, 0);
    writeString(header, 0, 100, entry.name);
    writeOctal(header, 100, 8, 0o644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, entry.content.length);
    writeOctal(header, 136, 12, 0);
    header.fill(' ', 148, 156); // checksum is computed with its own field as spaces
    header.write('0', 156, 1, 'ascii'); // regular file
    writeString(header, 257, 6, 'ustar\0');
    writeString(header, 263, 2, '00');
    let checksum = 0;
    for (const byte of header) checksum += byte;
    writeString(header, 148, 8, checksum.toString(8).padStart(6, '0') + '\0 ');
    parts.push(header, Buffer.from(entry.content));
    const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}
