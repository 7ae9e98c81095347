import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { buildApiSchema } from '../../../src/schema/build-schema.js';
import type { RequestContext } from '../../../src/server/context.js';
import {
  ledgerServicesFromEnv,
  type LedgerServices,
} from '../../../src/services/ledger-services.js';
import { readOrgConnections } from '../../../src/services/org-connections.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { tableDigests } from '../../support/table-digest.js';
import { CAPTURE, captureDocument, idempotencyRows, SUBMITTER } from './mutation-harness.js';

let database: TestDatabase;
let fabric: TestFabric;
let services: LedgerServices | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-unavailable-'));

/** A loopback port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

beforeAll(async () => {
  database = await freshDatabase('unavailable');
  fabric = await getTestFabric();
  const ids = fabric.ids;
  const port = await closedPort();
  write(
    'orgs.json',
    JSON.stringify({
      ManufacturerMSP: {
        endpoint: `127.0.0.1:${port}`,
        tlsHostname: 'peer0.manufacturer.example.com',
        tlsRootCertPath: write('tls-ca.pem', ids.manufacturer.ca.certificatePem),
        certPath: write('client-cert.pem', ids.manufacturer.client.certificatePem),
        keyPath: write('client-key.pem', ids.manufacturer.client.privateKeyPem),
      },
    }),
  );
  write(
    'trust.json',
    JSON.stringify({
      caCertificates: Object.fromEntries(
        Object.entries(ids.caCertificatesByMsp).map(([msp, pems]) => [
          msp,
          [write(`${msp}.pem`, pems[0]!)],
        ]),
      ),
      ordererMsps: ['OrdererMSP'],
      policy: fabric.policy,
    }),
  );
});
afterAll(async () => {
  services?.close();
  await database.db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a REAL Fabric Gateway client with no peer behind its endpoint (closed loopback port)', () => {
  it('answers LEDGER_UNAVAILABLE, and nothing is written: no idempotency row, no table changed', async () => {
    services = ledgerServicesFromEnv('supplychain', 'provenance', {
      LEDGER_ORGS_FILE: path.join(dir, 'orgs.json'),
      PROOF_TRUST_FILE: path.join(dir, 'trust.json'),
    });
    const schema = await buildApiSchema({ channel: 'supplychain', ledger: services });
    const contextValue: RequestContext = {
      requestId: 't',
      principal: SUBMITTER,
      db: database.db,
      loaders: new Map(),
    };
    const digest = await tableDigests(database.db);
    const started = Date.now();
    const result = await graphql({
      schema,
      source: CAPTURE,
      variableValues: { doc: captureDocument('u1'), key: 'unavailable-1' },
      contextValue,
    });
    const elapsed = Date.now() - started;
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'LEDGER_UNAVAILABLE' });
    expect(result.errors?.[0]?.message).toMatch(
      /^endorse: no peer answered .*nothing was written$/,
    );
    expect(await idempotencyRows(database.db)).toEqual([]);
    expect(await tableDigests(database.db)).toEqual(digest);
    // Refused connections fail fast; the 15 s endorsement deadline was not what ended it.
    expect(elapsed).toBeLessThan(10_000);

    const auditor = { ...SUBMITTER, role: 'auditor' as const };
    const proof = await graphql({
      schema,
      source: `{ proof(txId: "${'e'.repeat(64)}") }`,
      contextValue: { ...contextValue, principal: auditor },
    });
    expect(proof.errors?.[0]?.extensions.code).toBe('LEDGER_UNAVAILABLE');
  });

  it('refuses a ledger configuration without trust, and names broken files', () => {
    expect(() =>
      ledgerServicesFromEnv('supplychain', 'provenance', {
        LEDGER_ORGS_FILE: path.join(dir, 'orgs.json'),
      }),
    ).toThrow(/PROOF_TRUST_FILE is not/);
    write(
      'orgs-missing-key.json',
      JSON.stringify({
        DistributorMSP: {
          endpoint: '127.0.0.1:1',
          tlsRootCertPath: 'tls-ca.pem',
          certPath: 'client-cert.pem',
          keyPath: 'nope.pem',
        },
      }),
    );
    expect(() => readOrgConnections(path.join(dir, 'orgs-missing-key.json'))).toThrow(ConfigError);
    expect(() => readOrgConnections(path.join(dir, 'orgs-missing-key.json'))).toThrow(
      /DistributorMSP.*nope\.pem/,
    );
    write('orgs-bad-endpoint.json', JSON.stringify({ X: { endpoint: 'no-port' } }));
    expect(() => readOrgConnections(path.join(dir, 'orgs-bad-endpoint.json'))).toThrow(
      /X\.endpoint must be host:port/,
    );
    expect(() =>
      ledgerServicesFromEnv('supplychain', 'provenance', {
        PROOF_TRUST_FILE: path.join(dir, 'trust.json'),
        MUTATION_INDEXED_TIMEOUT_MS: 'soon',
      }),
    ).toThrow(/MUTATION_INDEXED_TIMEOUT_MS/);
  });
});
