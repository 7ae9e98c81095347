import { describe, expect, it } from 'vitest';
import { PAYLOAD_EVENT_NAME, type LedgerPayload } from '../../../chaincode/src/payload.js';
import { decodeBlock } from '../../../src/ledger/block-decoder.js';
import { blockHeaderHash } from '../../../src/ledger/block-hash.js';
import { getDevIdentities } from '../../../src/ledger/dev-identities.js';
import { LedgerReplay, writeSet } from '../../../src/loader/ledger-replay.js';
import { simulationBlocks } from '../../../src/loader/simulation-blocks.js';
import { buildProofBundle } from '../../../src/proof/proof-builder.js';
import { verifyProofBundle } from '../../../src/proof/proof-verifier.js';
import { generateSupplyChain } from '../../../src/simulator/index.js';
import '../simulator/quiet-fabric-logs.js';

/** A simulation of about `events` events and a replay (10 transactions a block) to run it through. */
async function simulatedReplay(seed: string, events: number) {
  const sim = generateSupplyChain({ seed, targetEvents: events, eventsPerDocument: 25 });
  const replay = await LedgerReplay.create({
    channel: 'supplychain',
    chaincode: 'provenance',
    txPerBlock: 10,
    signatures: 'ecdsa',
    seed,
  });
  return { sim, replay };
}

describe('replaying a simulated chain through the real contract into real-format blocks', () => {
  it('commits every transaction, chains the blocks, and carries the contract payload under the envelope tx id', async () => {
    const { sim, replay } = await simulatedReplay('replay-test', 1500);
    const blocks = [];
    for await (const block of simulationBlocks(sim, replay)) blocks.push(decodeBlock(block.bytes));
    expect(replay.refused).toEqual([]);
    expect(blocks[0]!.isConfig).toBe(true);
    let events = 0;
    for (const [i, block] of blocks.entries()) {
      expect(block.number).toBe(BigInt(i));
      if (i > 0)
        expect(Buffer.from(block.previousHash)).toEqual(Buffer.from(blocks[i - 1]!.headerHash));
      expect(
        Buffer.from(
          blockHeaderHash({
            number: block.number,
            previousHash: block.previousHash,
            dataHash: block.dataHash,
          }),
        ),
      ).toEqual(Buffer.from(block.headerHash));
      for (const tx of block.transactions.filter((t) => t.chaincodeEvent !== undefined)) {
        expect(tx.validationCode).toBe(0);
        expect(tx.endorserMsps).toHaveLength(2);
        expect(tx.chaincodeEvent!.eventName).toBe(PAYLOAD_EVENT_NAME);
        const payload = JSON.parse(
          Buffer.from(tx.chaincodeEvent!.payload).toString('utf8'),
        ) as LedgerPayload;
        expect(payload.creatorMsp).toBe(tx.creatorMsp);
        for (const record of payload.records) {
          if (record.kind === 'event') {
            events += 1;
            expect(record.value.capturedTx).toBe(tx.txId);
          }
        }
      }
    }
    expect(events).toBeGreaterThanOrEqual(1450);
  });

  it("puts each transaction's writes in its read-write set, so that the proof of every transaction binds its records to them", async () => {
    const { sim, replay } = await simulatedReplay('replay-writes', 600);
    const identities = await getDevIdentities();
    const policy = { type: 'MAJORITY' as const, orgs: [...identities.applicationMsps] };
    const trust = { caCertificatesPem: identities.caCertificatesByMsp, policy };
    const verdicts: string[] = [];
    let bookkept = 0;
    for await (const block of simulationBlocks(sim, replay)) {
      for (const tx of decodeBlock(block.bytes).transactions) {
        if (tx.chaincodeEvent === undefined) continue;
        const bundle = buildProofBundle(block.bytes, tx.txId, {
          channel: 'supplychain',
          headerChain: [],
          policy,
        });
        const result = verifyProofBundle(bundle, trust);
        const written = result.checks.find((c) => c.name === 'records-written');
        verdicts.push(result.valid ? 'valid' : JSON.stringify(result.checks.filter((c) => !c.ok)));
        bookkept += Number(/and (\d+) bookkeeping/.exec(written?.detail ?? '')?.[1] ?? 0);
      }
    }
    expect(replay.refused).toEqual([]);
    expect(verdicts.length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => v !== 'valid')).toEqual([]);
    // Captures keep history entries: those writes have no record, and the check accepted them.
    expect(bookkept).toBeGreaterThan(0);
  });
});

describe('writeSet (pure function)', () => {
  it('orders keys by their UTF-8 bytes, as Go compares strings, and writes null values as deletes', () => {
    // Above U+FFFF the orders part: UTF-16 puts the surrogate pair (0xD83D…) before U+FF5E,
    // UTF-8 puts U+FF5E (EF BD 9E) before the emoji (F0 9F 98 80).
    const emoji = 'lot|\u{1F600}';
    const fullwidth = 'lot|\uFF5E';
    expect([emoji, fullwidth].sort()).toEqual([emoji, fullwidth]);
    const value = new Uint8Array([1]);
    const writes = new Map<string, Uint8Array | null>([
      [emoji, value],
      ['lot|b', null],
      [fullwidth, value],
      ['lot|a', value],
    ]);
    expect(writeSet(writes)).toEqual([
      { key: 'lot|a', value },
      { key: 'lot|b', isDelete: true },
      { key: fullwidth, value },
      { key: emoji, value },
    ]);
  });
});
