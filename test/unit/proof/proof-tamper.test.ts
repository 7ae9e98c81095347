import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofBundle, ProofCheckName } from '../../../src/proof/proof-bundle.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import { getTestFabric } from '../../support/fabric-identities.js';
import { parts, scalarEdits } from './bundle-parts.js';
import { base64Length, flipBase64, jsonLeaves, samplePositions } from './byte-flips.js';
import { buildProofFixture, type ProofFixture } from './proof-fixture.js';

const clone = (b: ProofBundle): ProofBundle => structuredClone(b);

describe('tampered proof bundles', () => {
  let fixture: ProofFixture;
  beforeAll(async () => {
    fixture = buildProofFixture(await getTestFabric());
  });

  const failing = (b: ProofBundle): ProofCheckName[] =>
    verifyProofBundle(b, fixture.trust)
      .checks.filter((c) => !c.ok)
      .map((c) => c.name);

  it('starts from a bundle that verifies', () => {
    expect(failing(fixture.bundle)).toEqual([]);
  });

  it('fails, naming the right check, when any sampled byte of any encoded part is flipped', () => {
    const misses: string[] = [];
    let flips = 0;
    for (const part of parts(fixture.bundle)) {
      const positions = samplePositions(part.length(fixture.bundle), 24);
      expect(positions.length).toBeGreaterThan(0);
      for (const position of positions) {
        const tampered = clone(fixture.bundle);
        part.flip(tampered, position);
        flips++;
        const names = failing(tampered);
        if (!names.includes(part.expect))
          misses.push(
            `${part.label}@${position}: failed [${names.join(', ')}], expected ${part.expect}`,
          );
      }
    }
    console.log(`byte flips tried: ${flips}`);
    expect(flips).toBeGreaterThan(400);
    expect(misses).toEqual([]);
  });

  it('fails when the envelope at txIndex is flipped in both copies (data hash, not just the copy)', () => {
    const misses: string[] = [];
    const index = fixture.bundle.txIndex;
    for (const position of samplePositions(base64Length(fixture.bundle.transaction.envelope), 24)) {
      const tampered = clone(fixture.bundle);
      tampered.transaction.envelope = flipBase64(tampered.transaction.envelope, position);
      tampered.block.envelopes[index] = tampered.transaction.envelope;
      const names = failing(tampered);
      if (!names.includes('data-hash') || names.includes('tx-in-block'))
        misses.push(`@${position}: [${names.join(', ')}]`);
    }
    expect(misses).toEqual([]);
  });

  it('fails on every changed leaf of the parsed records copy', () => {
    const leaves = jsonLeaves(fixture.bundle.records?.parsed);
    expect(leaves.length).toBeGreaterThan(20);
    const misses = leaves.flatMap((leaf) => {
      const tampered = clone(fixture.bundle);
      leaf.mutate(tampered.records?.parsed);
      const names = failing(tampered);
      return names.includes('business-records') ? [] : [`${leaf.path}: [${names.join(', ')}]`];
    });
    expect(misses).toEqual([]);
  });

  it('fails closed, without throwing, on records nested beyond the stack', () => {
    const tampered = clone(fixture.bundle);
    const depth = 200_000;
    if (tampered.records)
      tampered.records.parsed = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    const result = verifyProofBundle(tampered, fixture.trust);
    expect(result.valid).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'bundle-format', ok: false });
  });

  it('fails when the records are replaced consistently (payload and parsed copy agree)', () => {
    const tampered = clone(fixture.bundle);
    const forged = { version: 1, records: [] };
    if (tampered.records) {
      tampered.records.payload = Buffer.from(JSON.stringify(forged)).toString('base64');
      tampered.records.parsed = forged;
    }
    expect(failing(tampered)).toEqual(['business-records']);
  });

  it.each(scalarEdits)('fails when %s changes', (_label, expected, edit) => {
    const tampered = clone(fixture.bundle);
    edit(tampered);
    expect(failing(tampered)).toContain(expected);
  });
});
