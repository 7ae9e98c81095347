/**
 * Trust for proofs, from files: PEM CA certificates, and the trust file named by PROOF_TRUST_FILE
 * (JSON, format below). Used by the API's verifyProof and by `provenance verify-proof`. Every
 * failure is a ConfigError naming the file, because a verifier with broken trust must not start.
 *
 * Trust file:
 * {
 *   "caCertificates": { "ManufacturerMSP": ["manufacturer-ca.pem"], "OrdererMSP": ["orderer-ca.pem"] },
 *   "intermediateCertificates": { "ManufacturerMSP": ["manufacturer-ica.pem"] }, // optional
 *   "ordererMsps": ["OrdererMSP"],                          // optional; else OU=orderer is required
 *   "policy": { "type": "MAJORITY", "orgs": ["ManufacturerMSP", "DistributorMSP", "PharmacyMSP"] },
 *   "channel": "supplychain"                                  // optional
 * }
 * Certificate entries are paths relative to the trust file, or inline PEM text. Intermediate CAs
 * (an MSP's intermediatecerts) only link identities to the CAs in caCertificates. `policy` pins the
 * channel's endorsement policy (recommended); without it, bundles are built with MAJORITY of the
 * listed MSPs that are not in `ordererMsps`, and the policy a bundle names is not pinned.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { EndorsementPolicy, ProofTrust } from '../proof/proof-bundle.js';
import { isJsonObject } from './input-checks.js';

/** Trust for verification plus the policy to write into bundles this server builds. */
export interface TrustConfig {
  trust: ProofTrust;
  policy: EndorsementPolicy;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const POLICY_TYPES = ['MAJORITY', 'ANY', 'ALL'] as const;

/**
 * Checks PEM text holds at least one parseable certificate; `source` names it in errors.
 * @throws ConfigError
 */
export function checkCertificatePem(pem: string, source: string): string {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new ConfigError(`${source}: no PEM certificate in it`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(`${source}: certificate does not parse (${String(error)})`);
    }
  }
  return pem;
}

/**
 * Reads a PEM file of one or more CA certificates.
 * @throws ConfigError when unreadable or holding no valid certificate.
 */
export function readCertificateFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return checkCertificatePem(text, file);
}

function stringList(value: unknown, what: string): string[] {
  if (
    !Array.isArray(value) ||
    !value.every((v): v is string => typeof v === 'string' && v !== '')
  ) {
    throw new ConfigError(`${what} must be a list of non-empty strings`);
  }
  return value;
}

function certificateEntry(entry: string, baseDir: string, what: string): string {
  return entry.includes('-----BEGIN')
    ? checkCertificatePem(entry, what)
    : readCertificateFile(path.resolve(baseDir, entry));
}

function readPolicy(value: unknown, file: string): EndorsementPolicy | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value) || !(POLICY_TYPES as readonly unknown[]).includes(value.type)) {
    throw new ConfigError(
      `${file}: policy must be { "type": "MAJORITY"|"ANY"|"ALL", "orgs": [...] }`,
    );
  }
  return {
    type: value.type as EndorsementPolicy['type'],
    orgs: stringList(value.orgs, `${file}: policy.orgs`),
  };
}

/**
 * Reads a trust file (format in this module's comment).
 * @throws ConfigError naming the file and the field that is wrong.
 */
export function readTrustFile(file: string): TrustConfig {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `cannot read trust file ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isJsonObject(json) || !isJsonObject(json.caCertificates)) {
    throw new ConfigError(
      `${file}: expected { "caCertificates": { "<MSP id>": ["ca.pem", …] }, … }`,
    );
  }
  const baseDir = path.dirname(path.resolve(file));
  const certificatesBy = (field: string, value: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(value).map(([mspId, entries]) => {
        const what = `${file}: ${field}.${mspId}`;
        return [mspId, stringList(entries, what).map((e) => certificateEntry(e, baseDir, what))];
      }),
    );
  const byMsp: Record<string, string[]> = certificatesBy('caCertificates', json.caCertificates);
  if (json.intermediateCertificates !== undefined && !isJsonObject(json.intermediateCertificates)) {
    throw new ConfigError(
      `${file}: intermediateCertificates must be { "<MSP id>": ["ica.pem", …] }`,
    );
  }
  const intermediates =
    json.intermediateCertificates === undefined
      ? undefined
      : certificatesBy('intermediateCertificates', json.intermediateCertificates);
  const ordererMsps =
    json.ordererMsps === undefined
      ? undefined
      : stringList(json.ordererMsps, `${file}: ordererMsps`);
  const pinned = readPolicy(json.policy, file);
  if (json.channel !== undefined && typeof json.channel !== 'string') {
    throw new ConfigError(`${file}: channel must be a string`);
  }
  if (json.chaincode !== undefined && typeof json.chaincode !== 'string') {
    throw new ConfigError(`${file}: chaincode must be a string`);
  }
  const trust: ProofTrust = {
    caCertificatesPem: byMsp,
    ...(intermediates === undefined ? {} : { intermediateCertificatesPem: intermediates }),
    ...(ordererMsps === undefined ? {} : { ordererMsps }),
    ...(pinned === undefined ? {} : { policy: pinned }),
    ...(typeof json.channel === 'string' ? { channel: json.channel } : {}),
    ...(typeof json.chaincode === 'string' ? { chaincode: json.chaincode } : {}),
  };
  const applicationMsps = Object.keys(byMsp).filter((msp) => !(ordererMsps ?? []).includes(msp));
  return { trust, policy: pinned ?? { type: 'MAJORITY', orgs: applicationMsps } };
}
