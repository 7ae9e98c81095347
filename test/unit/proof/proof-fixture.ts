/**
 * Builds a small real-format chain (blocks 10, 11, 12) with the transaction under proof in block 10
 * at index 1, and the bundle for it. Shared by the proof tests; not a test file itself.
 */
import { canonicalJson } from '../../../chaincode/src/util/canonical-json.js';
import { computeTxId } from '../../../src/ledger/block-hash.js';
import { createBlockSequence, type BuiltBlock } from '../../../src/ledger/block-builder.js';
import type { FabricSigner } from '../../../src/ledger/fabric-signer.js';
import type { KvWriteSpec, TransactionSpec } from '../../../src/ledger/transaction-builder.js';
import { buildProofBundle } from '../../../src/proof/proof-builder.js';
import type { ProofBundle, ProofTrust } from '../../../src/proof/proof-bundle.js';
import type { TestFabric } from '../../support/fabric-identities.js';

/** The business payload our chaincode would emit, with a few records. */
export const samplePayload = {
  version: 1,
  function: 'CaptureEvents',
  creatorMsp: 'ManufacturerMSP',
  txTimestamp: '2025-03-04T05:06:07.089Z',
  records: [
    {
      kind: 'lot',
      key: 'lot|urn:epc:class:lgtin:4012345.012345.998877',
      value: {
        lotClass: 'urn:epc:class:lgtin:4012345.012345.998877',
        gtin: '04012345123456',
        lotNumber: '998877',
        quantityProduced: 1200,
        quantityRemaining: 1200,
        unverifiedOrigin: false,
        lastEventId: 'ni:///sha-256;abc',
        updatedTx: 'tx',
      },
    },
    {
      kind: 'recall',
      key: 'recall|R-1',
      value: {
        recallId: 'R-1',
        lotClasses: ['urn:epc:class:lgtin:4012345.012345.998877'],
        classification: 'II',
        reason: 'label misprint',
        status: 'open',
        initiatedByMsp: 'ManufacturerMSP',
        initiatedAt: '2025-03-04T05:06:07Z',
        updatedTx: 'tx',
      },
    },
    {
      kind: 'event',
      key: 'event|ni:///sha-256;abc',
      value: { eventId: 'ni:///sha-256;abc', type: 'ObjectEvent', contentHash: 'c0ffee' },
    },
  ],
};

/**
 * What the contract writes for `payload` in transaction `txId`: each record's value under its key
 * as canonical JSON, plus, for each event recorded, its content key and a history entry of the
 * fixture's lot (bookkeeping, which has no record), sorted by key as Fabric's read-write set is.
 */
export function writesOf(payload: unknown, txId: string): KvWriteSpec[] {
  type Rec = { kind: string; key: string; value: { eventId?: string; contentHash?: string } };
  const records = (payload as { records?: Rec[] }).records ?? [];
  const writes: KvWriteSpec[] = records.map((r) => ({ key: r.key, value: canonicalJson(r.value) }));
  for (const [sequence, { value }] of records.filter((r) => r.kind === 'event').entries()) {
    const { eventId, contentHash } = value;
    if (contentHash !== undefined)
      writes.push({ key: `content|${contentHash}`, value: canonicalJson({ eventId }) });
    const subject = 'urn:epc:class:lgtin:4012345.012345.998877';
    const entry = { subjectKind: 'lot', subject, sequence, eventId, role: 'epc', updatedTx: txId };
    const key = `history|lot|${subject}|${String(sequence).padStart(10, '0')}`;
    writes.push({ key, value: canonicalJson(entry) });
  }
  return writes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The nonce of the transaction under proof, so that its txId is known before it is built. */
const TARGET_NONCE = new Uint8Array(24).fill(7);

/** The txId the transaction under proof gets when `creator` submits it. */
export const targetTxIdOf = (creator: FabricSigner): string =>
  computeTxId(TARGET_NONCE, creator.serializedIdentity);

/** Who plays which part in the fixture chain. */
export interface FixtureCast {
  creator: FabricSigner;
  endorsers: FabricSigner[];
  orderer: FabricSigner;
}

/** A built chain plus the bundle proving its target transaction. */
export interface ProofFixture {
  blocks: BuiltBlock[];
  txId: string;
  bundle: ProofBundle;
  trust: ProofTrust;
}

/** Builds the chain and the bundle; `cast` and `validationCode` vary the target transaction. */
export function buildProofFixture(
  fabric: TestFabric,
  cast: Partial<FixtureCast> = {},
  validationCode = 0,
  targetOverrides: Partial<TransactionSpec> = {},
): ProofFixture {
  const creator = cast.creator ?? fabric.manufacturer.client;
  const endorsers = cast.endorsers ?? [
    fabric.manufacturer.peer,
    fabric.distributor.peer,
    fabric.pharmacy.peer,
  ];
  const orderer = cast.orderer ?? fabric.orderer;
  const at = new Date('2025-03-04T05:06:07.089Z');
  const targetTxId = targetTxIdOf(creator);
  const tx = (fn: string, payload: unknown): TransactionSpec => ({
    creator,
    endorsers,
    chaincode: 'provenance',
    functionName: fn,
    args: ['{}'],
    event: { name: 'provenance.v1', payload: Buffer.from(JSON.stringify(payload)) },
    writes: writesOf(payload, targetTxId),
    timestamp: at,
  });
  const sequence = createBlockSequence({
    channel: fabric.channel,
    orderer,
    startNumber: 10n,
    previousHash: new Uint8Array(32).fill(9),
  });
  const target = {
    ...tx('CaptureEvents', samplePayload),
    nonce: TARGET_NONCE,
    validationCode,
    ...targetOverrides,
  };
  const block10 = sequence.next([tx('Other', { version: 1 }), target, tx('Third', { version: 1 })]);
  const block11 = sequence.next([tx('Later', { version: 1 })]);
  const block12 = sequence.next([]);
  const txId = block10.txIds[1] ?? '';
  const bundle = buildProofBundle(block10.bytes, txId, {
    channel: fabric.channel,
    headerChain: [block11.header, block12.header],
    policy: fabric.policy,
  });
  return {
    blocks: [block10, block11, block12],
    txId,
    bundle,
    trust: { caCertificatesPem: fabric.ids.caCertificatesByMsp },
  };
}
