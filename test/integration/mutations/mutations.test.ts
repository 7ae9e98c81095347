import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROOF_CHECKS } from '../../../src/proof/proof-bundle.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { tableDigests } from '../../support/table-digest.js';
import { StubbedLedger } from '../../unit/services/stubbed-ledger.js';
import {
  CAPTURE,
  captureDocument,
  idempotencyRows,
  mutationHarness,
  SUBMITTER,
  type MutationHarness,
} from './mutation-harness.js';

let database: TestDatabase;
let fabric: TestFabric;
let ledger: StubbedLedger;
let api: MutationHarness;

beforeAll(async () => {
  database = await freshDatabase('mutations');
  fabric = await getTestFabric();
  ledger = new StubbedLedger(fabric);
  api = await mutationHarness(database.db, ledger);
});
afterAll(async () => {
  await database.db.destroy();
});

const RESULT = 'txId blockNumber validationCode records';

describe('mutations through GraphQL with a stubbed ledger, on real Postgres', () => {
  it('captureEvents returns the transaction, its block, its records and a proof that verifies', async () => {
    const { data, errors } = await api.run(CAPTURE, { doc: captureDocument('m1', 2) });
    expect(errors).toBeUndefined();
    const result = data.captureEvents;
    expect(result.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.blockNumber).toBe(Number(ledger.nextBlockNumber - 1n));
    expect(result.validationCode).toBe(0);
    expect(result.records.map((r: { key: string }) => r.key)).toEqual([
      'event|ni:///m1-0',
      'event|ni:///m1-1',
    ]);
    const verdict = verifyProofBundle(result.proof, {
      caCertificatesPem: fabric.ids.caCertificatesByMsp,
      policy: fabric.policy,
    });
    expect(verdict.valid).toBe(true);
    expect(result.proof.txId).toBe(result.txId);
  });

  it('every mutation calls its contract function with the checked input', async () => {
    const before = ledger.calls.length;
    const ops: Array<[string, Record<string, unknown>]> = [
      [
        `mutation ($i: RegisterProductInput!) { registerProduct(input: $i) { ${RESULT} } }`,
        { i: { gtin: '09506000134352', name: 'Aspirin 100mg', ndc: null } },
      ],
      [
        `mutation ($i: RegisterLocationInput!) { registerLocation(input: $i) { ${RESULT} } }`,
        { i: { id: 'urn:epc:id:sgln:0614141.00777.0', name: 'Plant', latitude: 42.3 } },
      ],
      [
        `mutation ($i: InitiateRecallInput!) { initiateRecall(input: $i) { ${RESULT} } }`,
        {
          i: {
            lotClasses: ['urn:epc:class:lgtin:0614141.107346.L1'],
            classification: 'II',
            reason: 'label misprint',
          },
        },
      ],
      [`mutation { closeRecall(recallId: "R-1") { ${RESULT} } }`, {}],
      [
        `mutation ($i: RecordEmissionInput!) { recordEmission(input: $i) { ${RESULT} } }`,
        {
          i: {
            eventId: 'ni:///m1-0',
            mode: 'road',
            distanceKm: 120,
            massKg: 500,
            factorId: 'glec-road-rigid',
            factorValue: 0.105,
            factorSource: 'GLEC',
            factorVersion: '3.0',
            scope: 'WTW',
          },
        },
      ],
      [
        `mutation ($i: SubmitProductFootprintInput!) { submitProductFootprint(input: $i) { ${RESULT} } }`,
        {
          i: {
            productIds: ['urn:gtin:09506000134352'],
            declaredUnitOfMeasurement: 'kilogram',
            declaredUnitAmount: 1,
            pcfExcludingBiogenicUptake: 2.5,
            specVersion: '3.0.0',
          },
        },
      ],
    ];
    for (const [source, variables] of ops) {
      const { errors, data } = await api.run(source, variables);
      expect(errors).toBeUndefined();
      const result = Object.values(data as Record<string, { records: unknown[] }>)[0]!;
      expect(result.records).toHaveLength(1);
    }
    expect(ledger.calls.slice(before).map((c) => [c.call.fn, c.call.args[0]])).toEqual([
      ['RegisterProduct', '{"gtin":"09506000134352","name":"Aspirin 100mg"}'],
      [
        'RegisterLocation',
        '{"id":"urn:epc:id:sgln:0614141.00777.0","name":"Plant","latitude":42.3}',
      ],
      [
        'InitiateRecall',
        '{"lotClasses":["urn:epc:class:lgtin:0614141.107346.L1"],"classification":"II","reason":"label misprint"}',
      ],
      ['CloseRecall', 'R-1'],
      [
        'RecordEmission',
        '{"eventId":"ni:///m1-0","mode":"road","distanceKm":120,"massKg":500,"factorId":"glec-road-rigid","factorValue":0.105,"factorSource":"GLEC","factorVersion":"3.0","scope":"WTW"}',
      ],
      [
        'SubmitProductFootprint',
        '{"productIds":["urn:gtin:09506000134352"],"declaredUnitOfMeasurement":"kilogram","declaredUnitAmount":1,"pcfExcludingBiogenicUptake":2.5,"specVersion":"3.0.0"}',
      ],
    ]);
    expect(new Set(ledger.calls.slice(before).map((c) => c.mspId))).toEqual(
      new Set(['ManufacturerMSP']),
    );
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, before submitting or storing anything', async () => {
    const before = ledger.calls.length;
    const digest = await tableDigests(database.db);
    const { errors } = await api.run(
      'mutation ($i: RegisterProductInput!) { registerProduct(input: $i, idempotencyKey: "k-bad") { txId } }',
      { i: { gtin: '09506000134353', name: 'Aspirin' } },
    );
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.gtin' });
    expect(ledger.calls.length).toBe(before);
    expect(await tableDigests(database.db)).toEqual(digest);
  });

  it("requires the submit permission, and a ledger identity for the caller's organisation", async () => {
    const reader = { ...SUBMITTER, role: 'reader' as const };
    const denied = await api.run(CAPTURE, { doc: captureDocument('m2') }, reader);
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const stranger = { ...SUBMITTER, organizationMsp: 'AuditorMSP' };
    const unmapped = await api.run(CAPTURE, { doc: captureDocument('m2') }, stranger);
    expect(unmapped.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NO_LEDGER_IDENTITY',
      mspId: 'AuditorMSP',
    });
    expect(unmapped.errors?.[0]?.message).toMatch(/LEDGER_ORGS_FILE/);
  });

  it('submits as the organisation of the key: a distributor key signs as DistributorMSP', async () => {
    const distributor = {
      ...SUBMITTER,
      keyId: '00000000-0000-4000-8000-000000000002',
      organizationMsp: 'DistributorMSP',
    };
    const { data, errors } = await api.run(CAPTURE, { doc: captureDocument('m3') }, distributor);
    expect(errors).toBeUndefined();
    expect(ledger.calls.at(-1)?.mspId).toBe('DistributorMSP');
    expect(data.captureEvents.proof.transaction.creator.mspId).toBe('DistributorMSP');
  });

  it('proof(txId) reads the block from the ledger; verifyProof checks it against configured trust', async () => {
    const { data } = await api.run(CAPTURE, { doc: captureDocument('m4') });
    const txId: string = data.captureEvents.txId;
    ledger.addOtherBlock();
    const auditor = { ...SUBMITTER, role: 'auditor' as const };
    const proof = await api.run('query ($t: String!) { proof(txId: $t) }', { t: txId }, auditor);
    expect(proof.errors).toBeUndefined();
    expect(proof.data.proof.headerChain).toHaveLength(2);
    const verdict = await api.run(
      'query ($b: JSON!) { verifyProof(bundle: $b) { valid checks { name ok detail } } }',
      { b: proof.data.proof },
      auditor,
    );
    expect(verdict.data.verifyProof.valid).toBe(true);
    expect(verdict.data.verifyProof.checks).toHaveLength(PROOF_CHECKS.length);

    const forged = structuredClone(proof.data.proof);
    forged.records.parsed.records[0].value.capturedByMsp = 'PharmacyMSP';
    const bad = await api.run(
      'query ($b: JSON!) { verifyProof(bundle: $b) { valid checks { name ok } } }',
      { b: forged },
      auditor,
    );
    expect(bad.data.verifyProof.valid).toBe(false);
    expect(
      bad.data.verifyProof.checks
        .filter((c: { ok: boolean }) => !c.ok)
        .map((c: { name: string }) => c.name),
    ).toEqual(['business-records']);

    const notAuditor = await api.run('query ($t: String!) { proof(txId: $t) }', { t: txId });
    expect(notAuditor.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const missing = await api.run('query { proof(txId: "' + 'd'.repeat(64) + '") }', {}, auditor);
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('never writes business tables: only idempotency_keys changes, and only with a key', async () => {
    const digest = await tableDigests(database.db);
    await api.run(CAPTURE, { doc: captureDocument('m5') });
    expect(await tableDigests(database.db)).toEqual(digest);
    await api.run(CAPTURE, { doc: captureDocument('m6'), key: 'k-m6' });
    const after = await tableDigests(database.db);
    const changed = Object.keys(after).filter((t) => after[t] !== digest[t]);
    expect(changed).toEqual(['idempotency_keys']);
    expect(await idempotencyRows(database.db)).toHaveLength(1);
  });
});
