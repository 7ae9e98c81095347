/**
 * Which ledger identity each organisation submits with, from the file named by LEDGER_ORGS_FILE:
 * a JSON object keyed by MSP id, each entry shaped like the devnet's OrgIdentityFiles, with paths
 * relative to the file:
 * { "ManufacturerMSP": { "endpoint": "127.0.0.1:17051", "tlsHostname": "peer0.manufacturer.example.com",
 *   "tlsRootCertPath": "…/tls/ca.crt", "certPath": "…/signcerts/cert.pem", "keyPath": "…/keystore/priv_sk" } }
 * An API key's organizationMsp selects the entry; an organisation without one cannot submit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gatewayOptions, type OrgIdentityFiles } from '../devnet/identities.js';
import { ConfigError } from '../errors.js';
import type { OrgConnectionOptions } from '../ledger/gateway-connection.js';
import { isJsonObject } from './input-checks.js';

const PATH_FIELDS = ['tlsRootCertPath', 'certPath', 'keyPath'] as const;

function readEntry(file: string, mspId: string, entry: unknown): OrgIdentityFiles {
  const where = `${file}: ${mspId}`;
  if (!isJsonObject(entry)) throw new ConfigError(`${where} must be an object`);
  const text = (field: string): string => {
    const value = entry[field];
    if (typeof value !== 'string' || value === '') {
      throw new ConfigError(`${where}.${field} must be a non-empty string`);
    }
    return value;
  };
  const endpoint = text('endpoint');
  if (!/^[^\s:]+:\d{1,5}$/.test(endpoint))
    throw new ConfigError(`${where}.endpoint must be host:port`);
  const baseDir = path.dirname(path.resolve(file));
  const [tlsRootCertPath, certPath, keyPath] = PATH_FIELDS.map((f) =>
    path.resolve(baseDir, text(f)),
  );
  return {
    mspId,
    endpoint,
    tlsHostname:
      typeof entry.tlsHostname === 'string' ? entry.tlsHostname : (endpoint.split(':')[0] ?? ''),
    tlsRootCertPath: tlsRootCertPath ?? '',
    certPath: certPath ?? '',
    keyPath: keyPath ?? '',
  };
}

/**
 * Reads the organisations file into gateway connection options (certificates and keys loaded).
 * @throws ConfigError naming the file, organisation and field.
 */
export function readOrgConnections(file: string): Map<string, OrgConnectionOptions> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `cannot read LEDGER_ORGS_FILE ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isJsonObject(json) || Object.keys(json).length === 0) {
    throw new ConfigError(
      `${file}: expected an object keyed by MSP id with at least one organisation`,
    );
  }
  const orgs = new Map<string, OrgConnectionOptions>();
  for (const [mspId, entry] of Object.entries(json)) {
    const files = readEntry(file, mspId, entry);
    try {
      orgs.set(mspId, gatewayOptions(files));
    } catch (error) {
      throw new ConfigError(
        `${file}: ${mspId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return orgs;
}
