/**
 * Mutations against the REAL devnet (Fabric peers, orderer, the chaincode as a service). Runs only
 * where Fabric binaries exist (see vitest.config.ts); it brings the devnet up itself (devnetUp
 * resumes a network that is already running). Not run on machines without Fabric: what it covers
 * (gateway round trip, contract refusals relayed by peers, MVCC from concurrent submits) cannot be
 * stubbed honestly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/kysely.js';
import { devnet, devnetUp, type Devnet } from '../../src/devnet/devnet.js';
import { devnetIdentityFiles, gatewayOptions } from '../../src/devnet/identities.js';
import { verifyProofBundle } from '../../src/proof/proof-verifier.js';
import type { EndorsementPolicy, ProofTrust } from '../../src/proof/proof-bundle.js';
import type { Principal } from '../../src/server/api-keys.js';
import { createGatewayLedger, type GatewayLedger } from '../../src/services/gateway-ledger.js';
import { createLedgerServices, type LedgerServices } from '../../src/services/ledger-services.js';
import { prepareCapture, prepareProduct } from '../../src/services/mutation-input.js';

// A database nobody listens on (the pool connects lazily): without an idempotency key and with
// COMMITTED consistency a mutation must not touch Postgres, and any query here would fail.
const noDb = createDb('postgres://127.0.0.1:1/unused', 1);

const principal = (mspId: string): Principal => ({
  keyId: `e2e-${mspId}`,
  name: 'e2e',
  role: 'submitter',
  organizationMsp: mspId,
});

let net: Devnet;
let ledger: GatewayLedger;
let services: LedgerServices;
let trust: ProofTrust;
const run = Date.now() % 1_000_000;

function caCertificates(mspDir: string): string[] {
  const dir = path.join(mspDir, 'msp', 'cacerts');
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

function event(fields: Record<string, unknown>, minute: number): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    eventTimeZoneOffset: '+00:00',
    ...fields,
  };
}

function doc(...events: Record<string, unknown>[]): Record<string, unknown> {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-01-01T00:00:00Z',
    epcisBody: { eventList: events },
  };
}

beforeAll(async () => {
  const config = loadConfig();
  net = devnet(config, () => undefined);
  await devnetUp(net);
  const files = devnetIdentityFiles(net.layout, net.topology, 'User1');
  ledger = createGatewayLedger({
    channel: config.channel,
    chaincode: config.chaincodeName,
    orgs: new Map([...files].map(([msp, f]) => [msp, gatewayOptions(f)])),
  });
  const policy: EndorsementPolicy = {
    type: 'MAJORITY',
    orgs: net.topology.peers.map((p) => p.mspId),
  };
  trust = {
    caCertificatesPem: {
      ...Object.fromEntries(
        net.topology.peers.map((p) => [p.mspId, caCertificates(net.layout.peerOrgCrypto(p))]),
      ),
      [net.topology.orderer.mspId]: caCertificates(
        net.layout.ordererOrgCrypto(net.topology.orderer),
      ),
    },
    ordererMsps: [net.topology.orderer.mspId],
    policy,
  };
  services = createLedgerServices({ ledger, trust: { trust, policy } });
});
afterAll(async () => {
  ledger.close();
  await noDb.destroy();
});

describe('mutations on the real devnet', () => {
  it('captures events, returns the records from the committed block and a proof that verifies', async () => {
    const serial = `${run}1`;
    const result = await services.submissions.execute(
      { db: noDb, principal: principal('ManufacturerMSP') },
      prepareCapture(
        doc(
          event(
            {
              action: 'ADD',
              bizStep: 'commissioning',
              disposition: 'active',
              epcList: [`urn:epc:id:sgtin:0614141.012345.${serial}`],
            },
            1,
          ),
        ),
      ),
      { consistency: 'COMMITTED' },
    );
    expect(result.validationCode).toBe(0);
    expect(result.records.some((r) => (r as { kind: string }).kind === 'event')).toBe(true);
    const verdict = verifyProofBundle(result.proof, trust);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    const fetched = await services.proofs.proofFor('DistributorMSP', result.txId);
    expect(fetched.block.header).toEqual(result.proof.block.header);
  });

  it("relays the contract's refusal: shipping a unit another organisation owns is CUSTODY_NOT_OWNER", async () => {
    const epc = `urn:epc:id:sgtin:0614141.012345.${run}2`;
    await services.submissions.execute(
      { db: noDb, principal: principal('ManufacturerMSP') },
      prepareCapture(
        doc(
          event(
            { action: 'ADD', bizStep: 'commissioning', disposition: 'active', epcList: [epc] },
            2,
          ),
        ),
      ),
      { consistency: 'COMMITTED' },
    );
    const shipping = event(
      {
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: [epc],
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0312345.00001' }],
        destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0398765.00001' }],
      },
      3,
    );
    await expect(
      services.submissions.execute(
        { db: noDb, principal: principal('DistributorMSP') },
        prepareCapture(doc(shipping)),
        { consistency: 'COMMITTED' },
      ),
    ).rejects.toMatchObject({
      extensions: { code: 'LEDGER_REJECTED', reason: 'CUSTODY_NOT_OWNER' },
    });
  });

  it('turns concurrent updates of one record into MVCC_READ_CONFLICT for all but the first', async () => {
    // Every submission reads and writes the same product key; all are endorsed before the first
    // commits, so the later ones fail validation. Needs the organisation registered (by an admin).
    const admin = createGatewayLedger({
      channel: ledger.channel,
      chaincode: loadConfig().chaincodeName,
      orgs: new Map(
        [...devnetIdentityFiles(net.layout, net.topology, 'Admin')].map(([m, f]) => [
          m,
          gatewayOptions(f),
        ]),
      ),
    });
    try {
      await admin.submit('ManufacturerMSP', {
        fn: 'RegisterOrganization',
        args: [
          JSON.stringify({
            mspId: 'ManufacturerMSP',
            name: 'Acme Pharma',
            role: 'manufacturer',
            partyIds: [],
            companyPrefixes: ['0614141'],
          }),
        ],
      });
    } finally {
      admin.close();
    }
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((i) =>
        services.submissions.execute(
          { db: noDb, principal: principal('ManufacturerMSP') },
          prepareProduct({ gtin: '09506000134352', name: `Aspirin ${run}-${i}` }),
          { consistency: 'COMMITTED' },
        ),
      ),
    );
    const conflicts = outcomes.filter(
      (o) =>
        o.status === 'rejected' &&
        (o.reason as { extensions?: { validationCode?: number } }).extensions?.validationCode ===
          11,
    );
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
  });
});
