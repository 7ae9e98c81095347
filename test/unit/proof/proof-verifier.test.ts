import { beforeAll, describe, expect, it } from 'vitest';
import { createDevCertificateAuthority } from '../../../src/ledger/dev-identities.js';
import { createFabricSigner, type FabricSigner } from '../../../src/ledger/fabric-signer.js';
import { ValidationCode } from '../../../src/ledger/types.js';
import { buildProofBundle } from '../../../src/proof/proof-builder.js';
import {
  PROOF_CHECKS,
  type ProofBundle,
  type ProofTrust,
} from '../../../src/proof/proof-bundle.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { buildProofFixture, samplePayload, type ProofFixture } from './proof-fixture.js';

const failing = (bundle: unknown, trust: ProofTrust, now?: Date): string[] =>
  verifyProofBundle(bundle, trust, now)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name);

async function rogueSigner(
  mspId: string,
  role: 'client' | 'peer' | 'orderer',
): Promise<FabricSigner> {
  const ca = await createDevCertificateAuthority(mspId, `rogue-${mspId.toLowerCase()}.example.com`);
  return createFabricSigner(await ca.issue(role));
}

describe('proof bundles', () => {
  let fabric: TestFabric;
  let fixture: ProofFixture;
  beforeAll(async () => {
    fabric = await getTestFabric();
    fixture = buildProofFixture(fabric);
  });

  it('builds a bundle carrying the transaction, its block, the chain to the tip and the records', () => {
    const { bundle, blocks, txId } = fixture;
    expect(bundle).toMatchObject({
      format: 'fabric-provenance/proof-bundle',
      version: 1,
      channel: 'supplychain',
      txId,
      blockNumber: '10',
      txIndex: 1,
      validationCode: 0,
      policy: { type: 'MAJORITY', orgs: ['ManufacturerMSP', 'DistributorMSP', 'PharmacyMSP'] },
      records: { chaincodeId: 'provenance', eventName: 'provenance.v1', parsed: samplePayload },
    });
    expect(bundle.block.envelopes).toHaveLength(3);
    expect(bundle.block.envelopes[1]).toBe(bundle.transaction.envelope);
    expect(bundle.transaction.creator.mspId).toBe('ManufacturerMSP');
    expect(bundle.transaction.endorsements.map((e) => e.mspId)).toEqual([
      'ManufacturerMSP',
      'DistributorMSP',
      'PharmacyMSP',
    ]);
    expect(bundle.block.ordererSignatures.signatures.map((s) => s.signer.mspId)).toEqual([
      'OrdererMSP',
    ]);
    expect(bundle.headerChain.map((h) => h.number)).toEqual(['10', '11', '12']);
    expect(bundle.tip).toEqual({
      number: '12',
      headerHash: Buffer.from(blocks[2]?.headerHash ?? []).toString('hex'),
    });
    expect(bundle.block.header.dataHash).toBe(
      Buffer.from(blocks[0]?.header.dataHash ?? []).toString('hex'),
    );
  });

  it('verifies a valid bundle, reporting every check by its stable name, also after a JSON round trip', () => {
    const result = verifyProofBundle(JSON.parse(JSON.stringify(fixture.bundle)), fixture.trust);
    expect(result.checks.map((c) => c.name)).toEqual([...PROOF_CHECKS]);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.checks.find((c) => c.name === 'endorsement-policy')?.detail).toMatch(
      /needs 2, endorsed by 3/,
    );
  });

  it('accepts a flat list of trusted CAs and a pinned policy and tip', () => {
    const flat = Object.values(fabric.ids.caCertificatesByMsp).flat();
    const last = fixture.blocks[2];
    const trust: ProofTrust = {
      caCertificatesPem: flat,
      ordererMsps: ['OrdererMSP'],
      policy: fabric.policy,
      tip: { number: 12n, headerHash: Buffer.from(last?.headerHash ?? []).toString('hex') },
    };
    expect(failing(fixture.bundle, trust)).toEqual([]);
    expect(failing(fixture.bundle, { ...trust, tip: { number: 13n, headerHash: '00' } })).toEqual([
      'header-chain',
    ]);
    expect(failing(fixture.bundle, { ...trust, ordererMsps: ['OtherOrdererMSP'] })).toEqual([
      'orderer-certificates',
    ]);
  });

  it('checks the channel against a pinned one and the creator against the application orgs', () => {
    expect(failing(fixture.bundle, { ...fixture.trust, channel: 'supplychain' })).toEqual([]);
    expect(failing(fixture.bundle, { ...fixture.trust, channel: 'otherchannel' })).toEqual([
      'channel',
    ]);
    const ordererAdmin = createFabricSigner(fabric.ids.orderer.admin);
    const outsider = buildProofFixture(fabric, { creator: ordererAdmin });
    expect(failing(outsider.bundle, outsider.trust)).toEqual(['creator-certificate']);
  });

  it('fails MAJORITY with an endorsement from only 1 of 3 organisations, passes with 2 of 3', () => {
    const one = buildProofFixture(fabric, { endorsers: [fabric.manufacturer.peer] });
    expect(failing(one.bundle, one.trust)).toEqual(['endorsement-policy']);
    const two = buildProofFixture(fabric, {
      endorsers: [fabric.pharmacy.peer, fabric.distributor.peer],
    });
    expect(failing(two.bundle, two.trust)).toEqual([]);
    // Two endorsements from the same organisation still count once.
    const same = buildProofFixture(fabric, {
      endorsers: [fabric.manufacturer.peer, fabric.manufacturer.peer],
    });
    expect(failing(same.bundle, same.trust)).toEqual(['endorsement-policy']);
    const all: ProofBundle = {
      ...two.bundle,
      policy: { type: 'ALL', orgs: [...fabric.policy.orgs] },
    };
    expect(failing(all, two.trust)).toEqual(['endorsement-policy']);
  });

  it('fails a weakened policy only when the auditor pins the real one', () => {
    const one = buildProofFixture(fabric, { endorsers: [fabric.manufacturer.peer] });
    const weakened: ProofBundle = {
      ...one.bundle,
      policy: { type: 'ANY', orgs: ['ManufacturerMSP'] },
    };
    expect(failing(weakened, one.trust)).toEqual([]);
    expect(failing(weakened, { ...one.trust, policy: fabric.policy })).toEqual([
      'endorsement-policy',
    ]);
  });

  it('fails a transaction whose validation code is not VALID', () => {
    const mvcc = buildProofFixture(fabric, {}, ValidationCode.MVCC_READ_CONFLICT);
    expect(mvcc.bundle.validationCode).toBe(11);
    expect(failing(mvcc.bundle, mvcc.trust)).toEqual(['validation-code']);
  });

  it('fails certificates from an untrusted CA, even under the right MSP ids', async () => {
    const rogue = buildProofFixture(fabric, {
      creator: await rogueSigner('ManufacturerMSP', 'client'),
      endorsers: [
        await rogueSigner('ManufacturerMSP', 'peer'),
        await rogueSigner('DistributorMSP', 'peer'),
      ],
      orderer: await rogueSigner('OrdererMSP', 'orderer'),
    });
    expect(failing(rogue.bundle, fixture.trust)).toEqual([
      'creator-certificate',
      'endorser-certificates',
      'endorsement-policy',
      'orderer-certificates',
    ]);
    const detail = verifyProofBundle(rogue.bundle, fixture.trust).checks.find(
      (c) => c.name === 'creator-certificate',
    )?.detail;
    expect(detail).toMatch(/not issued by a trusted CA/);
  });

  it('fails a block signed by an orderer outside the trust, everything else being genuine', async () => {
    const rogue = buildProofFixture(fabric, {
      orderer: await rogueSigner('OrdererMSP', 'orderer'),
    });
    expect(failing(rogue.bundle, rogue.trust)).toEqual(['orderer-certificates']);
  });

  it('enforces NodeOU roles: a client cannot endorse, a peer cannot order', () => {
    const clientEndorses = buildProofFixture(fabric, {
      endorsers: [fabric.manufacturer.client, fabric.distributor.peer],
    });
    expect(failing(clientEndorses.bundle, clientEndorses.trust)).toEqual([
      'endorser-certificates',
      'endorsement-policy',
    ]);
    expect(failing(clientEndorses.bundle, { ...clientEndorses.trust, checkRoles: false })).toEqual(
      [],
    );
    const peerOrders = buildProofFixture(fabric, { orderer: fabric.manufacturer.peer });
    expect(failing(peerOrders.bundle, peerOrders.trust)).toEqual(['orderer-certificates']);
  });

  it('with a flat CA list, one CA cannot count as two organisations', async () => {
    // A certificate issued by the Manufacturer CA but claiming DistributorMSP.
    const impostor = createFabricSigner({
      ...(await fabric.ids.manufacturer.ca.issue('peer', 'impostor')),
      mspId: 'DistributorMSP',
    });
    const forged = buildProofFixture(fabric, { endorsers: [fabric.manufacturer.peer, impostor] });
    const flat = { caCertificatesPem: Object.values(fabric.ids.caCertificatesByMsp).flat() };
    expect(failing(forged.bundle, flat)).toEqual(['endorsement-policy']);
    expect(failing(forged.bundle, forged.trust)).toEqual([
      'endorser-certificates',
      'endorsement-policy',
    ]);
  });

  it('checks certificate validity at the given time, by default at the transaction time', () => {
    expect(failing(fixture.bundle, fixture.trust, new Date('2024-01-01T00:00:00Z'))).toEqual([]);
    expect(failing(fixture.bundle, fixture.trust, new Date('2100-06-01T00:00:00Z'))).toEqual([
      'creator-certificate',
      'endorser-certificates',
      'endorsement-policy',
      'orderer-certificates',
    ]);
  });

  it('reports malformed bundles under bundle-format and evaluates nothing else', () => {
    const wrongVersion = { ...fixture.bundle, version: 2 };
    const result = verifyProofBundle(wrongVersion, fixture.trust);
    expect(result.valid).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'bundle-format', ok: false });
    expect(result.checks.slice(1).every((c) => !c.ok && c.detail.startsWith('not evaluated'))).toBe(
      true,
    );
    const junk = {
      ...fixture.bundle,
      transaction: {
        ...fixture.bundle.transaction,
        envelope: `${fixture.bundle.transaction.envelope}!`,
      },
    };
    expect(verifyProofBundle(junk, fixture.trust).checks[0]?.detail).toMatch(/canonical base64/);
    expect(failing(null, fixture.trust)).toContain('bundle-format');
    expect(failing({ ...fixture.bundle, blockNumber: '01' }, fixture.trust)).toContain(
      'bundle-format',
    );
  });

  it('refuses to build for a transaction not in the block or of another channel', () => {
    const raw = fixture.blocks[0]?.bytes ?? new Uint8Array();
    const options = { channel: fabric.channel, headerChain: [], policy: fabric.policy };
    expect(() => buildProofBundle(raw, 'f'.repeat(64), options)).toThrow(/not in this block/);
    expect(() => buildProofBundle(raw, fixture.txId, { ...options, channel: 'other' })).toThrow(
      /belongs to channel/,
    );
    const broken = [fixture.blocks[2]?.header].filter((h) => h !== undefined);
    expect(() => buildProofBundle(raw, fixture.txId, { ...options, headerChain: broken })).toThrow(
      /header chain breaks/,
    );
  });

  it('reports the time to build and to verify a bundle', () => {
    const raw = fixture.blocks[0]?.bytes ?? new Uint8Array();
    const headerChain = [fixture.blocks[1]?.header, fixture.blocks[2]?.header].filter(
      (h) => h !== undefined,
    );
    const runs = 200;
    let started = performance.now();
    for (let i = 0; i < runs; i++)
      buildProofBundle(raw, fixture.txId, {
        channel: fabric.channel,
        headerChain,
        policy: fabric.policy,
      });
    const buildMs = (performance.now() - started) / runs;
    started = performance.now();
    for (let i = 0; i < runs; i++) verifyProofBundle(fixture.bundle, fixture.trust);
    const verifyMs = (performance.now() - started) / runs;
    console.log(
      `proof bundle (3-tx block, 3 endorsements, 3-header chain): build ${buildMs.toFixed(3)} ms, verify ${verifyMs.toFixed(3)} ms`,
    );
    expect(verifyProofBundle(fixture.bundle, fixture.trust).valid).toBe(true);
  });
});
