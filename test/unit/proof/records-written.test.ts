import { beforeAll, describe, expect, it } from 'vitest';
import type { KvWriteSpec } from '../../../src/ledger/transaction-builder.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { buildProofFixture, samplePayload, writesOf } from './proof-fixture.js';

// Signed by the fixture's own identities: the endorsers sign whatever read-write set they are
// given, so each case below is a genuinely endorsed transaction whose writes disagree with its event.
describe('proof check records-written: the event records are the endorsed writes', () => {
  let fabric: TestFabric;
  beforeAll(async () => {
    fabric = await getTestFabric();
  });

  const lotKey = samplePayload.records[0]!.key;
  const verdict = (writes: KvWriteSpec[], event?: 'none') => {
    const fixture = buildProofFixture(fabric, {}, 0, {
      writes,
      ...(event === 'none' ? { event: undefined } : {}),
    });
    const result = verifyProofBundle(fixture.bundle, fixture.trust);
    const written = result.checks.find((c) => c.name === 'records-written');
    return {
      failing: result.checks.filter((c) => !c.ok).map((c) => c.name),
      detail: written?.detail ?? '',
    };
  };
  const genuine = (): KvWriteSpec[] => writesOf(samplePayload);

  it('passes when every record is written with its value, and the other writes are bookkeeping', () => {
    const { failing, detail } = verdict(genuine());
    expect(failing).toEqual([]);
    expect(detail).toBe('2 records are the writes of provenance (and 1 bookkeeping writes)');
  });

  it('compares values as JSON, not bytes: key order and spacing do not matter', () => {
    const reordered = genuine().map((w) =>
      w.key === lotKey
        ? { key: w.key, value: JSON.stringify(JSON.parse(String(w.value)), null, 2) }
        : w,
    );
    expect(verdict(reordered).failing).toEqual([]);
  });

  it.each<[string, (writes: KvWriteSpec[]) => KvWriteSpec[], RegExp]>([
    ['a record not written', (ws) => ws.filter((w) => w.key !== lotKey), /lot~.* was not written/],
    [
      'a record written with another value',
      (ws) =>
        ws.map((w) =>
          w.key === lotKey ? { key: w.key, value: w.value!.toString().replace('1200', '1199') } : w,
        ),
      /value written under lot~.* differs from its record/,
    ],
    [
      'a record deleted instead',
      (ws) => ws.map((w) => (w.key === lotKey ? { key: w.key, isDelete: true } : w)),
      /lot~.* was deleted, not written/,
    ],
    [
      'a write the event does not report',
      (ws) => [...ws, { key: 'lot|urn:epc:class:lgtin:4012345.012345.000001', value: '{}' }],
      /lot\|urn:epc:class:lgtin:4012345\.012345\.000001 was written without a record/,
    ],
    [
      'a bookkeeping key deleted',
      (ws) => [...ws, { key: 'content|abc', isDelete: true }],
      /content\|abc was deleted without a record/,
    ],
    [
      'a value that is not JSON',
      (ws) => ws.map((w) => (w.key === lotKey ? { key: w.key, value: 'not json' } : w)),
      /value written under lot~.* is not JSON/,
    ],
  ])('fails %s, and says which key', (_label, edit, detail) => {
    const result = verdict(edit(genuine()));
    expect(result.failing).toEqual(['records-written']);
    expect(result.detail).toMatch(detail);
  });

  it('passes a transaction that emitted no event and wrote nothing, and fails one that wrote', () => {
    expect(verdict([], 'none').failing).toEqual([]);
    const silent = verdict(genuine(), 'none');
    expect(silent.failing).toEqual(['records-written']);
    expect(silent.detail).toBe('3 writes but no records event');
  });
});
