/**
 * The chaincode-as-a-service package: tar.gz of metadata.json ({type: "ccaas", label}) and
 * code.tar.gz holding connection.json, the address the peers dial to reach our chaincode server.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tarArchive } from './tar-writer.js';

/** What the peer reads from connection.json. */
export interface ConnectionJson {
  address: string;
  dial_timeout: string;
  tls_required: boolean;
}

/** The connection.json for a chaincode server on loopback, without TLS. */
export function connectionJson(port: number): ConnectionJson {
  return { address: `127.0.0.1:${port}`, dial_timeout: '10s', tls_required: false };
}

/** A built package and the id the peer will report for it. */
export interface ChaincodePackage {
  bytes: Buffer;
  label: string;
  /** `label:` + hex SHA-256 of the package file, as `peer lifecycle chaincode calculatepackageid`. */
  packageId: string;
}

const gzip = (data: Buffer): Buffer => gzipSync(data, { level: 9 });

/** Builds the ccaas package for `label` pointing at `connection`. */
export function buildCcaasPackage(label: string, connection: ConnectionJson): ChaincodePackage {
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2) + '\n');
  const code = gzip(tarArchive([{ name: 'connection.json', content: json(connection) }]));
  const bytes = gzip(
    tarArchive([
      { name: 'metadata.json', content: json({ type: 'ccaas', label }) },
      { name: 'code.tar.gz', content: code },
    ]),
  );
  return { bytes, label, packageId: packageIdOf(label, bytes) };
}

/** Fabric's package id for a package file. */
export function packageIdOf(label: string, packageBytes: Uint8Array): string {
  return `${label}:${createHash('sha256').update(packageBytes).digest('hex')}`;
}
