import { ledger } from '@hyperledger/fabric-protos';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../chaincode/src/util/canonical-json.js';
import type { KvWriteSpec, TransactionSpec } from '../../../src/ledger/transaction-builder.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { buildProofFixture, samplePayload, targetTxIdOf, writesOf } from './proof-fixture.js';

/** The genuine bookkeeping of the fixture's event (see writesOf), and ways to get it wrong. */
const EVENT_ID = 'ni:///sha-256;abc';
const LOT = 'urn:epc:class:lgtin:4012345.012345.998877';
const HISTORY_KEY = `history|lot|${LOT}|0000000000`;
const entry = (overrides: Record<string, unknown>) =>
  canonicalJson({
    subjectKind: 'lot',
    subject: LOT,
    sequence: 0,
    eventId: EVENT_ID,
    role: 'epc',
    updatedTx: overrides.updatedTx,
    ...overrides,
  });
type Edit = [string, (writes: KvWriteSpec[]) => KvWriteSpec[], RegExp];
const replacing = (key: string, value: string) => (ws: KvWriteSpec[]) =>
  ws.map((w) => (w.key === key ? { key, value } : w));
const NOT_HISTORY = /\(not a history entry of an event this transaction records\)/;
const NOT_CONTENT = /\(not the content key of an event this transaction records\)/;
function bookkeepingCases(): Edit[] {
  return [
    [
      'a history entry naming another transaction',
      replacing(HISTORY_KEY, entry({ updatedTx: 'other' })),
      NOT_HISTORY,
    ],
    [
      'a history entry naming an event the transaction does not record',
      (ws) => [
        ...ws.filter((w) => w.key !== HISTORY_KEY),
        {
          key: HISTORY_KEY,
          value: entry({ eventId: 'urn:uuid:elsewhere', updatedTx: TX_ID.value }),
        },
      ],
      NOT_HISTORY,
    ],
    [
      'a history entry under another subject’s key',
      (ws) => [
        ...ws,
        { key: `history|lot|${LOT}|0000000007`, value: entry({ updatedTx: TX_ID.value }) },
      ],
      NOT_HISTORY,
    ],
    [
      'a content key naming an event the transaction does not record',
      (ws) => [
        ...ws,
        { key: 'content|c0ffee2', value: canonicalJson({ eventId: 'urn:uuid:elsewhere' }) },
      ],
      NOT_CONTENT,
    ],
    [
      'a content key of a recorded event under another hash',
      (ws) => [...ws, { key: 'content|0ther', value: canonicalJson({ eventId: EVENT_ID }) }],
      NOT_CONTENT,
    ],
  ];
}
// The transaction id is known once the test identities are (beforeAll); the cases read it late.
const TX_ID = { value: '' };

// Signed by the fixture's own identities: the endorsers sign whatever read-write set they are
// given, so each case below is a genuinely endorsed transaction whose writes disagree with its event.
describe('proof check records-written: the event records are the endorsed writes', () => {
  let fabric: TestFabric;
  let txId: string;
  beforeAll(async () => {
    fabric = await getTestFabric();
    txId = targetTxIdOf(fabric.manufacturer.client);
    TX_ID.value = txId;
  });

  const lotKey = samplePayload.records[0]!.key;
  const verdict = (overrides: Partial<TransactionSpec>) => {
    const fixture = buildProofFixture(fabric, {}, 0, overrides);
    const result = verifyProofBundle(fixture.bundle, fixture.trust);
    return {
      failing: result.checks.filter((c) => !c.ok).map((c) => c.name),
      detail: result.checks.find((c) => c.name === 'records-written')?.detail ?? '',
    };
  };
  const withWrites = (writes: KvWriteSpec[]) => verdict({ writes });
  const genuine = (): KvWriteSpec[] => writesOf(samplePayload, txId);
  const withPayload = (payload: unknown, writes: KvWriteSpec[] = writesOf(payload, txId)) =>
    verdict({
      event: { name: 'provenance.v1', payload: Buffer.from(JSON.stringify(payload)) },
      writes,
    });

  it('passes when every record is written with its value, and the other writes are bookkeeping', () => {
    const { failing, detail } = withWrites(genuine());
    expect(failing).toEqual([]);
    expect(detail).toBe('3 records are the writes of provenance (and 2 bookkeeping writes)');
  });

  it.each<[string, (writes: KvWriteSpec[]) => KvWriteSpec[], RegExp]>([
    ['a record not written', (ws) => ws.filter((w) => w.key !== lotKey), /lot\|.* was not written/],
    [
      'a record written with another value',
      (ws) =>
        ws.map((w) =>
          w.key === lotKey ? { key: w.key, value: w.value!.toString().replace('1200', '1199') } : w,
        ),
      /value written under lot\|.* differs from its record/,
    ],
    [
      'a value equal as JSON but not canonical (keys reordered)',
      (ws) =>
        ws.map((w) =>
          w.key === lotKey
            ? { key: w.key, value: JSON.stringify(samplePayload.records[0]!.value, null, 1) }
            : w,
        ),
      /value written under lot\|.* differs from its record/,
    ],
    [
      'a record deleted instead',
      (ws) => ws.map((w) => (w.key === lotKey ? { key: w.key, isDelete: true } : w)),
      /lot\|.* was deleted, not written/,
    ],
    [
      'a record written empty (a delete to Fabric)',
      (ws) => ws.map((w) => (w.key === lotKey ? { key: w.key, value: '' } : w)),
      /lot\|.* was deleted, not written/,
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
      'a bookkeeping key written empty',
      (ws) => [...ws, { key: 'content|abc', value: '' }],
      /content\|abc was deleted without a record/,
    ],
    ...bookkeepingCases(),
  ])('fails %s, and says which key', (_label, edit, detail) => {
    const result = withWrites(edit(genuine()));
    expect(result.failing).toEqual(['records-written']);
    expect(result.detail).toMatch(detail);
  });

  it('accepts the bookkeeping of every event the transaction records', () => {
    const eventId = 'urn:uuid:e2';
    const payload = {
      ...samplePayload,
      records: [
        ...samplePayload.records,
        { kind: 'event', key: `event|${eventId}`, value: { eventId, contentHash: 'beef' } },
      ],
    };
    // writesOf gives each event its content key and a history entry.
    expect(withPayload(payload)).toEqual({
      failing: [],
      detail: '4 records are the writes of provenance (and 4 bookkeeping writes)',
    });
  });

  it.each<[string, { kind: string; key: string; value: unknown }, RegExp]>([
    [
      'a record under another kind’s key',
      { kind: 'lot', key: 'event|urn:uuid:1', value: { lotClass: 'urn:uuid:1' } },
      /record event\|urn:uuid:1 is not stored under its lot's key lot\|<lotClass>/,
    ],
    [
      'a record whose key names another object than its value',
      {
        kind: 'lot',
        key: 'lot|urn:epc:class:lgtin:1.1.A',
        value: { lotClass: 'urn:epc:class:lgtin:1.1.B' },
      },
      /record lot\|urn:epc:class:lgtin:1\.1\.A is not stored under its lot's key/,
    ],
    [
      'a bookkeeping record in the payload',
      { kind: 'history', key: 'history|lot|x|0000000000', value: { updatedTx: 'tx' } },
      /has kind history, which the payload never carries/,
    ],
  ])('fails %s, even when it is written as recorded', (_label, record, detail) => {
    // Written exactly as recorded: only the key's binding to the value is wrong.
    const result = withPayload({ ...samplePayload, records: [record] });
    expect(result.failing).toEqual(['records-written']);
    expect(result.detail).toMatch(detail);
  });

  /** A TxReadWriteSet of namespaces with writes, reads, metadata writes and collections. */
  interface NamespaceSpec {
    namespace: string;
    writes?: KvWriteSpec[];
    reads?: string[];
    metadataKeys?: string[];
    collections?: string[];
  }
  const readWriteSet = (namespaces: NamespaceSpec[]): Uint8Array => {
    const set = new ledger.rwset.TxReadWriteSet();
    set.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    set.setNsRwsetList(
      namespaces.map((spec) => {
        const kv = new ledger.rwset.kvrwset.KVRWSet();
        kv.setReadsList(
          (spec.reads ?? []).map((key) => {
            const read = new ledger.rwset.kvrwset.KVRead();
            read.setKey(key);
            return read;
          }),
        );
        kv.setWritesList(
          (spec.writes ?? []).map((w) => {
            const write = new ledger.rwset.kvrwset.KVWrite();
            write.setKey(w.key);
            write.setIsDelete(w.isDelete ?? false);
            if (w.value !== undefined) write.setValue(Buffer.from(w.value));
            return write;
          }),
        );
        kv.setMetadataWritesList(
          (spec.metadataKeys ?? []).map((key) => {
            const write = new ledger.rwset.kvrwset.KVMetadataWrite();
            write.setKey(key);
            return write;
          }),
        );
        const ns = new ledger.rwset.NsReadWriteSet();
        ns.setNamespace(spec.namespace);
        ns.setRwset(kv.serializeBinary());
        ns.setCollectionHashedRwsetList(
          (spec.collections ?? []).map((name) => {
            const collection = new ledger.rwset.CollectionHashedReadWriteSet();
            collection.setCollectionName(name);
            return collection;
          }),
        );
        return ns;
      }),
    );
    return set.serializeBinary();
  };

  it("ignores other namespaces' reads (Fabric reads the chaincode definition in _lifecycle)", () => {
    const results = readWriteSet([
      { namespace: '_lifecycle', reads: ['namespaces/fields/provenance/Sequence'] },
      { namespace: 'provenance', writes: genuine() },
    ]);
    expect(verdict({ results }).failing).toEqual([]);
  });

  it.each<[string, NamespaceSpec[], string]>([
    [
      'writes in another namespace',
      [{ namespace: 'other', writes: [{ key: 'k', value: '{}' }] }],
      '1 writes in namespace other',
    ],
    [
      'a key-level endorsement policy',
      [{ namespace: 'provenance', metadataKeys: [lotKey] }],
      '1 key-level endorsement policy writes',
    ],
    [
      'private data',
      [{ namespace: 'provenance', collections: ['secrets'] }],
      '1 private data collections',
    ],
  ])('fails a transaction that also changes %s', (_label, extra, detail) => {
    const own = { namespace: 'provenance', writes: genuine() };
    const merged = extra.some((ns) => ns.namespace === 'provenance')
      ? extra.map((ns) => (ns.namespace === 'provenance' ? { ...own, ...ns } : ns))
      : [...extra, own];
    const result = verdict({ results: readWriteSet(merged) });
    expect(result.failing).toEqual(['records-written']);
    expect(result.detail).toBe(detail);
  });

  it('passes a transaction that emitted no event and wrote nothing, and fails one that wrote', () => {
    expect(verdict({ event: undefined, writes: [] }).failing).toEqual([]);
    const silent = verdict({ event: undefined });
    expect(silent.failing).toEqual(['records-written']);
    expect(silent.detail).toBe('5 writes but no records event');
  });

  it('cuts long keys short in its report', () => {
    const key = `lot|${'x'.repeat(10_000)}`;
    const { detail } = withWrites([...genuine(), { key, value: '{}' }]);
    expect(detail.length).toBeLessThan(200);
    expect(detail).toMatch(/^lot\|x{96}… was written without a record$/);
  });
});
