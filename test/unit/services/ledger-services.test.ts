import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/kysely.js';
import { CodedError, LedgerRejectedError, NotFoundError } from '../../../src/errors.js';
import { PROOF_CHECKS } from '../../../src/proof/proof-bundle.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import type { Principal } from '../../../src/server/api-keys.js';
import {
  createLedgerServices,
  type LedgerServices,
} from '../../../src/services/ledger-services.js';
import { prepareCapture, prepareProduct } from '../../../src/services/mutation-input.js';
import { MAX_PROOF_HEADERS } from '../../../src/services/proof.service.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { StubbedLedger } from './stubbed-ledger.js';

// A database nobody listens on (the pool connects lazily): without an idempotency key and with
// COMMITTED consistency a mutation must not touch Postgres, and any query here would fail.
const noDb = createDb('postgres://127.0.0.1:1/unused', 1);
afterAll(() => noDb.destroy());

const principal: Principal = {
  keyId: 'k1',
  name: 'test',
  role: 'submitter',
  organizationMsp: 'ManufacturerMSP',
};

const captureDoc = {
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-01-01T00:00:00Z',
  epcisBody: {
    eventList: [
      { type: 'ObjectEvent', eventID: 'ni:///e-1', action: 'ADD', bizStep: 'commissioning' },
      { type: 'ObjectEvent', eventID: 'ni:///e-2', action: 'OBSERVE', bizStep: 'shipping' },
    ],
  },
};

describe('ledger services with a stubbed ledger (real signed blocks, fake contract)', () => {
  let fabric: TestFabric;
  let ledger: StubbedLedger;
  let services: LedgerServices;
  beforeAll(async () => {
    fabric = await getTestFabric();
    ledger = new StubbedLedger(fabric);
    services = createLedgerServices({
      ledger,
      trust: {
        trust: { caCertificatesPem: fabric.ids.caCertificatesByMsp, policy: fabric.policy },
        policy: fabric.policy,
      },
    });
  });

  it("submits as the caller's organisation and returns the records from the block with a proof that verifies", async () => {
    const result = await services.submissions.execute(
      { db: noDb, principal },
      prepareCapture(captureDoc),
      { consistency: 'COMMITTED' },
    );
    const last = ledger.calls.at(-1)!;
    expect(last).toMatchObject({
      mspId: 'ManufacturerMSP',
      call: { fn: 'CaptureEvents' },
      txId: result.txId,
    });
    expect(result.validationCode).toBe(0);
    expect(result.records).toEqual([
      {
        kind: 'event',
        key: 'event|ni:///e-1',
        value: {
          eventId: 'ni:///e-1',
          type: 'ObjectEvent',
          capturedByMsp: 'ManufacturerMSP',
          capturedTx: result.txId,
        },
      },
      {
        kind: 'event',
        key: 'event|ni:///e-2',
        value: {
          eventId: 'ni:///e-2',
          type: 'ObjectEvent',
          capturedByMsp: 'ManufacturerMSP',
          capturedTx: result.txId,
        },
      },
    ]);
    expect(result.proof).toMatchObject({
      txId: result.txId,
      blockNumber: result.blockNumber,
      channel: 'supplychain',
    });
    expect((result.proof.records?.parsed as { records: unknown }).records).toEqual(result.records);
    const verdict = services.proofs.verify(result.proof);
    expect(verdict.checks.map((c) => c.name)).toEqual([...PROOF_CHECKS]);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.valid).toBe(true);
  });

  it('builds proof(txId) from the ledger with the header chain up to the tip', async () => {
    const result = await services.submissions.execute(
      { db: noDb, principal },
      prepareProduct({ gtin: '09506000134352', name: 'Aspirin' }),
      { consistency: 'COMMITTED' },
    );
    const tipBefore = ledger.nextBlockNumber - 1n;
    ledger.addOtherBlock();
    ledger.addOtherBlock();
    const bundle = await services.proofs.proofFor('PharmacyMSP', result.txId);
    expect(bundle.blockNumber).toBe(result.blockNumber);
    expect(bundle.headerChain.map((h) => h.number)).toEqual(
      [0n, 1n, 2n].map((d) => (tipBefore + d).toString()),
    );
    expect(bundle.tip.number).toBe((tipBefore + 2n).toString());
    expect(
      verifyProofBundle(bundle, { caCertificatesPem: fabric.ids.caCertificatesByMsp }).valid,
    ).toBe(true);
  });

  it('caps the header chain (MAX_PROOF_HEADERS by default)', async () => {
    expect(MAX_PROOF_HEADERS).toBe(100);
    const capped = createLedgerServices({
      ledger,
      trust: {
        trust: { caCertificatesPem: fabric.ids.caCertificatesByMsp },
        policy: fabric.policy,
      },
      maxProofHeaders: 3,
    });
    const result = await capped.submissions.execute(
      { db: noDb, principal },
      prepareProduct({ gtin: '96385074', name: 'Capped' }),
      { consistency: 'COMMITTED' },
    );
    for (let i = 0; i < 5; i++) ledger.addOtherBlock();
    const bundle = await capped.proofs.proofFor(undefined, result.txId);
    expect(bundle.headerChain).toHaveLength(3);
    expect(BigInt(bundle.tip.number)).toBe(BigInt(result.blockNumber) + 2n);
    expect(BigInt(bundle.tip.number)).toBeLessThan(ledger.nextBlockNumber - 1n);
    expect(capped.proofs.verify(bundle).valid).toBe(true);
  });

  it('answers NOT_FOUND for an unknown transaction and BAD_USER_INPUT for a malformed id', async () => {
    await expect(services.proofs.proofFor(undefined, 'c'.repeat(64))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(services.proofs.proofFor(undefined, 'xyz')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'txId' },
    });
  });

  it('reports a tampered bundle as invalid, naming the check', async () => {
    const result = await services.submissions.execute(
      { db: noDb, principal },
      prepareProduct({ gtin: '4006381333931', name: 'Other' }),
      { consistency: 'COMMITTED' },
    );
    const tampered = structuredClone(result.proof);
    tampered.transaction.endorsements[0]!.mspId = 'PharmacyMSP';
    const verdict = services.proofs.verify(tampered);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).toContain(
      'endorser-certificates',
    );
  });

  it('passes contract refusals through and refuses organisations without a ledger identity', async () => {
    ledger.failNext = new LedgerRejectedError('[NOT_PRODUCT_OWNER] nope', {
      reason: 'NOT_PRODUCT_OWNER',
    });
    await expect(
      services.submissions.execute({ db: noDb, principal }, prepareCapture(captureDoc), {
        consistency: 'COMMITTED',
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'LEDGER_REJECTED', reason: 'NOT_PRODUCT_OWNER' },
    });
    await expect(
      services.submissions.execute(
        { db: noDb, principal: { ...principal, organizationMsp: 'AuditorMSP' } },
        prepareCapture(captureDoc),
        { consistency: 'COMMITTED' },
      ),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN', reason: 'NO_LEDGER_IDENTITY', mspId: 'AuditorMSP' },
    });
  });

  it('says what is missing when no ledger or trust is configured', async () => {
    const bare = createLedgerServices({ ledger: undefined, trust: undefined });
    await expect(
      bare.submissions.execute({ db: noDb, principal }, prepareCapture(captureDoc), {
        consistency: 'COMMITTED',
      }),
    ).rejects.toMatchObject({ extensions: { code: 'LEDGER_UNAVAILABLE' } });
    expect(() => bare.proofs.verify({})).toThrow(CodedError);
    expect(() => bare.proofs.verify({})).toThrow(/PROOF_TRUST_FILE/);
  });
});
