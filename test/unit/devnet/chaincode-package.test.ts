import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildCcaasPackage,
  connectionJson,
  packageIdOf,
} from '../../../src/devnet/chaincode-package.js';
import { tarArchive } from '../../../src/devnet/tar-writer.js';

/** Reads a ustar archive back (regular files only) and checks each header checksum. */
function untar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.toString('ascii', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/s, ''), 8);
    const stored = parseInt(header.toString('ascii', 148, 156).replace(/[\0 ].*$/s, ''), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
    expect(stored, `checksum of ${name}`).toBe(sum);
    expect(header.toString('ascii', 257, 262)).toBe('ustar');
    files.set(name, archive.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('chaincode-as-a-service package', () => {
  it('connection.json points the peers at the loopback chaincode server without TLS', () => {
    expect(connectionJson(17099)).toEqual({
      address: '127.0.0.1:17099',
      dial_timeout: '10s',
      tls_required: false,
    });
  });

  it('holds metadata.json (type ccaas) and code.tar.gz with connection.json', () => {
    const pkg = buildCcaasPackage('provenance_1.0', connectionJson(17099));
    const outer = untar(gunzipSync(pkg.bytes));
    expect([...outer.keys()]).toEqual(['metadata.json', 'code.tar.gz']);
    expect(JSON.parse(outer.get('metadata.json')!.toString())).toEqual({
      type: 'ccaas',
      label: 'provenance_1.0',
    });
    const inner = untar(gunzipSync(outer.get('code.tar.gz')!));
    expect(JSON.parse(inner.get('connection.json')!.toString())).toEqual(connectionJson(17099));
  });

  it('package id is label:sha256 of the package file, and stable across builds', () => {
    const a = buildCcaasPackage('provenance_1.0', connectionJson(17099));
    const b = buildCcaasPackage('provenance_1.0', connectionJson(17099));
    expect(a.packageId).toBe(
      `provenance_1.0:${createHash('sha256').update(a.bytes).digest('hex')}`,
    );
    expect(b.packageId).toBe(a.packageId);
    expect(buildCcaasPackage('provenance_1.0', connectionJson(17100)).packageId).not.toBe(
      a.packageId,
    );
    expect(packageIdOf('x', Buffer.from('abc'))).toBe(
      'x:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('pads file contents to 512-byte blocks and ends with two zero blocks', () => {
    const archive = tarArchive([{ name: 'a.txt', content: Buffer.from('hello') }]);
    expect(archive.length).toBe(512 + 512 + 1024);
    expect(untar(archive).get('a.txt')?.toString()).toBe('hello');
  });
});
