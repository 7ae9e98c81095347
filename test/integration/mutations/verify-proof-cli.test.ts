import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerifyProofCommand } from '../../../src/commands/verify-proof.command.js';
import { ConfigError } from '../../../src/errors.js';
import { PROOF_CHECKS, type ProofBundle } from '../../../src/proof/proof-bundle.js';
import { createLedgerServices } from '../../../src/services/ledger-services.js';
import { readTrustFile } from '../../../src/services/trust-anchors.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { StubbedLedger } from '../../unit/services/stubbed-ledger.js';

// Files only, no database or network: the command is what an auditor runs offline.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-verify-'));
const file = (name: string): string => path.join(dir, name);
let fabric: TestFabric;
let bundle: ProofBundle;

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runVerifyProofCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

beforeAll(async () => {
  fabric = await getTestFabric();
  const ledger = new StubbedLedger(fabric);
  const { txId } = await ledger.submit('PharmacyMSP', { fn: 'CloseRecall', args: ['R-7'] });
  ledger.addOtherBlock();
  const services = createLedgerServices({
    ledger,
    trust: { trust: { caCertificatesPem: [] }, policy: fabric.policy },
  });
  bundle = await services.proofs.proofFor(undefined, txId);
  fs.writeFileSync(file('bundle.json'), JSON.stringify(bundle, null, 2));
  for (const [msp, pems] of Object.entries(fabric.ids.caCertificatesByMsp)) {
    fs.writeFileSync(file(`${msp}.pem`), pems[0]!);
  }
  fs.writeFileSync(
    file('all-cas.pem'),
    Object.values(fabric.ids.caCertificatesByMsp).flat().join(''),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MSPS = ['ManufacturerMSP', 'DistributorMSP', 'PharmacyMSP', 'OrdererMSP'];

describe('provenance verify-proof on a real bundle (built from real signed blocks)', () => {
  it('prints every check and exits 0 for a valid bundle (flat --trust, comma list or one file)', () => {
    const listed = run(file('bundle.json'), '--trust', MSPS.map((m) => file(`${m}.pem`)).join(','));
    expect(listed.code).toBe(0);
    // One line per check, then the verdict.
    expect(listed.out).toHaveLength(PROOF_CHECKS.length + 1);
    expect(listed.out.at(-1)).toBe('VALID');
    expect(listed.out[0]).toMatch(/^ok {3}bundle-format: /);
    expect(run(file('bundle.json'), '--trust', file('all-cas.pem')).code).toBe(0);
  });

  it('exits 0 with per-MSP trust and with a trust file', () => {
    const perMsp = run(
      file('bundle.json'),
      ...MSPS.flatMap((m) => ['--msp-trust', `${m}=${file(`${m}.pem`)}`]),
    );
    expect(perMsp.code).toBe(0);
    fs.writeFileSync(
      file('trust.json'),
      JSON.stringify({
        caCertificates: Object.fromEntries(MSPS.map((m) => [m, [`${m}.pem`]])),
        ordererMsps: ['OrdererMSP'],
        policy: fabric.policy,
        channel: 'supplychain',
      }),
    );
    expect(run(file('bundle.json'), '--trust-file', file('trust.json')).code).toBe(0);
  });

  it('exits 1 and names the failing check when one byte of a signature is flipped', () => {
    const tampered = structuredClone(bundle);
    const sig = Buffer.from(tampered.block.ordererSignatures.signatures[0]!.signature, 'base64');
    sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0x01;
    tampered.block.ordererSignatures.signatures[0]!.signature = sig.toString('base64');
    fs.writeFileSync(file('tampered.json'), JSON.stringify(tampered));
    const result = run(file('tampered.json'), '--trust', file('all-cas.pem'));
    expect(result.code).toBe(1);
    expect(result.out.filter((l) => l.startsWith('FAIL'))).toEqual([
      expect.stringMatching(/^FAIL orderer-signatures: /),
    ]);
    expect(result.out.at(-1)).toBe('INVALID: orderer-signatures');
  });

  it('names what the auditor left unpinned, and pins policy, orderers, channel and tip from flags', () => {
    const trust = MSPS.flatMap((m) => ['--msp-trust', `${m}=${file(`${m}.pem`)}`]);
    const loose = run(file('bundle.json'), ...trust);
    expect(loose.code).toBe(0);
    expect(loose.err.map((l) => l.split(';')[0])).toEqual([
      'note: the endorsement policy checked is the one the bundle names',
      'note: any trusted CA may have issued the orderer (OU=orderer) that signed the block',
      'note: any channel is accepted',
      'note: the records may come from any chaincode on the channel that emits this payload event',
      'note: the header chain ends at the tip the bundle names',
      'note: the validation code is as the bundle states it (block metadata carries no signature)',
      "note: certificates were judged at the transaction's own timestamp, which its creator wrote",
    ]);
    const chainLine = loose.out.find((l) => l.includes('header-chain')) ?? '';
    const [, tipNumber, tipHash] =
      /to tip (\d+) \(header hash ([0-9a-f]{64})\)/.exec(chainLine) ?? [];
    const pins = [
      '--orderer-msp',
      'OrdererMSP',
      '--policy',
      `${fabric.policy.type}:${fabric.policy.orgs.join(',')}`,
      '--channel',
      'supplychain',
      '--chaincode',
      bundle.records?.chaincodeId ?? '',
      '--tip',
      `${tipNumber}:${tipHash}`,
    ];
    const pinned = run(file('bundle.json'), ...trust, ...pins, '--at', new Date().toISOString());
    expect(pinned.code).toBe(0);
    expect(pinned.err).toEqual([
      'note: the validation code is as the bundle states it (block metadata carries no signature)',
    ]);
    // Judged at an instant before the certificates were issued, they fail.
    expect(run(file('bundle.json'), ...trust, ...pins, '--at', '2000-01-01T00:00:00Z').code).toBe(
      1,
    );
    expect(run(file('bundle.json'), ...trust, '--at', 'yesterday').err[0]).toMatch(
      /--at expects an ISO 8601 time/,
    );
    // Each pin bites: another orderer MSP, a weaker policy, another channel, another tip.
    const bites = (flag: string, value: string): number => {
      const i = pins.indexOf(flag);
      return run(file('bundle.json'), ...trust, ...pins.map((v, j) => (j === i + 1 ? value : v)))
        .code;
    };
    expect(bites('--orderer-msp', 'ManufacturerMSP')).toBe(1);
    expect(bites('--policy', 'ANY:PharmacyMSP')).toBe(1);
    expect(bites('--channel', 'other')).toBe(1);
    expect(bites('--chaincode', 'lookalike')).toBe(1);
    expect(bites('--tip', `${tipNumber}:${'0'.repeat(64)}`)).toBe(1);
    expect(run(file('bundle.json'), ...trust, '--policy', 'SOME:X').err[0]).toMatch(
      /--policy expects MAJORITY\|ANY\|ALL:MSP,MSP/,
    );
    expect(run(file('bundle.json'), ...trust, '--tip', '12').err[0]).toMatch(
      /--tip expects NUMBER:/,
    );
  });

  it('exits 1 when the CA that signed is not trusted (one MSP missing from per-MSP trust)', () => {
    const result = run(
      file('bundle.json'),
      '--msp-trust',
      `ManufacturerMSP=${file('ManufacturerMSP.pem')}`,
    );
    expect(result.code).toBe(1);
    expect(result.out.at(-1)).toMatch(/^INVALID: .*creator-certificate/);
  });

  it('fails with one clear line (exit 2) for unusable input', () => {
    const missing = run(file('nope.json'), '--trust', file('all-cas.pem'));
    expect(missing).toEqual({
      code: 2,
      out: [],
      err: [`provenance verify-proof: cannot read ${file('nope.json')}: ENOENT`],
    });
    fs.writeFileSync(file('garbage.json'), '{"format": ');
    const garbage = run(file('garbage.json'), '--trust', file('all-cas.pem'));
    expect(garbage.code).toBe(2);
    expect(garbage.err).toHaveLength(1);
    expect(garbage.err[0]).toMatch(/garbage\.json is not JSON/);
    fs.writeFileSync(file('not-a-cert.pem'), 'hello');
    expect(run(file('bundle.json'), '--trust', file('not-a-cert.pem')).err).toEqual([
      `provenance verify-proof: ${file('not-a-cert.pem')}: no PEM certificate in it`,
    ]);
    expect(run(file('bundle.json')).err[0]).toMatch(
      /give exactly one of --trust, --msp-trust, --trust-file/,
    );
    expect(run(file('bundle.json'), '--msp-trust', 'nofile').err[0]).toMatch(/expects MSP=ca\.pem/);
    expect(run('--trust', file('all-cas.pem')).code).toBe(2);
    expect(run(file('bundle.json'), '--bogus').err[0]).toMatch(/Unknown option '--bogus'/);
  });

  it('reports a JSON document that is not a bundle through the bundle-format check (exit 1)', () => {
    fs.writeFileSync(file('other.json'), JSON.stringify({ format: 'something-else' }));
    const result = run(file('other.json'), '--trust', file('all-cas.pem'));
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^FAIL bundle-format: /);
  });

  it('reads trust files strictly', () => {
    fs.writeFileSync(
      file('bad-policy.json'),
      JSON.stringify({ caCertificates: { A: ['ManufacturerMSP.pem'] }, policy: { type: 'SOME' } }),
    );
    expect(() => readTrustFile(file('bad-policy.json'))).toThrow(/policy must be/);
    fs.writeFileSync(file('no-cas.json'), JSON.stringify({ ordererMsps: [] }));
    expect(() => readTrustFile(file('no-cas.json'))).toThrow(ConfigError);
    fs.writeFileSync(
      file('default-policy.json'),
      JSON.stringify({
        caCertificates: Object.fromEntries(MSPS.map((m) => [m, [`${m}.pem`]])),
        ordererMsps: ['OrdererMSP'],
      }),
    );
    const config = readTrustFile(file('default-policy.json'));
    expect(config.policy).toEqual({
      type: 'MAJORITY',
      orgs: ['ManufacturerMSP', 'DistributorMSP', 'PharmacyMSP'],
    });
    expect(config.trust.policy).toBeUndefined();
  });
});
