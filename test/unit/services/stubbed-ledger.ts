/**
 * A STUBBED LEDGER for service and resolver tests: a LedgerPort with no network. What it returns
 * is real: every submission becomes a real-format block, signed by the dev identities' orderer,
 * with an envelope signed by the caller's org client and endorsed by all three peers, so proofs
 * built from it verify. What it fakes is the contract: `fakeContract` below derives records from
 * the call without any business rule. Not a test file.
 */
import { randomBytes } from 'node:crypto';
import { RECORD_KEYS, type BusinessRecordKind } from '../../../chaincode/src/payload.js';
import { canonicalJson } from '../../../chaincode/src/util/canonical-json.js';
import { computeTxId } from '../../../src/ledger/block-hash.js';
import {
  createBlockSequence,
  type BlockSequence,
  type BuiltBlock,
} from '../../../src/ledger/block-builder.js';
import type { CommittedTransaction, SubmitHooks } from '../../../src/ledger/submit.js';
import { NotFoundError } from '../../../src/errors.js';
import type {
  ContractCall,
  LedgerBlockReader,
  LedgerPort,
} from '../../../src/services/ledger-port.js';
import { NoLedgerIdentityError } from '../../../src/services/service-errors.js';
import type { OrgSigners, TestFabric } from '../../support/fabric-identities.js';

const KIND_BY_FN: Record<string, BusinessRecordKind> = {
  RegisterProduct: 'product',
  RegisterLocation: 'location',
  InitiateRecall: 'recall',
  CloseRecall: 'recall',
  RecordEmission: 'emission',
  SubmitProductFootprint: 'footprint',
};

/** A record as the payload carries it. */
interface FakeRecord {
  kind: string;
  key: string;
  value: Record<string, unknown>;
}

/** Records a transaction would write, derived mechanically from the call (no business rules). */
export function fakeContract(call: ContractCall, msp: string, txId: string): FakeRecord[] {
  const arg = call.args[0] ?? '';
  if (call.fn === 'CaptureEvents') {
    const doc = JSON.parse(arg) as { epcisBody: { eventList: Array<Record<string, unknown>> } };
    return doc.epcisBody.eventList.map((event, i) => {
      const eventId = typeof event.eventID === 'string' ? event.eventID : `ni:///stub-${txId}-${i}`;
      return {
        kind: 'event',
        key: `${RECORD_KEYS.event.prefix}${eventId}`,
        value: { eventId, type: event.type, capturedByMsp: msp, capturedTx: txId },
      };
    });
  }
  const value: Record<string, unknown> =
    call.fn === 'CloseRecall'
      ? { recallId: arg, status: 'closed' }
      : (JSON.parse(arg) as Record<string, unknown>);
  const kind = KIND_BY_FN[call.fn];
  if (kind === undefined) throw new Error(`the fake contract has no ${call.fn}`);
  // Under the record's own key, as the contract stores it (a proof checks that).
  const { prefix, idField } = RECORD_KEYS[kind];
  const id = value[idField] ?? Object.values(value).find((v) => typeof v === 'string');
  if (typeof id !== 'string') throw new Error(`the fake contract finds no ${idField} in ${arg}`);
  return [{ kind, key: `${prefix}${id}`, value: { ...value, [idField]: id, updatedTx: txId } }];
}

/** The stub; inspect `calls` to see what was submitted. */
export class StubbedLedger implements LedgerPort {
  readonly channel: string;
  /** Every call that reached "the network" (after beforeSend), with its org. */
  readonly calls: Array<{ mspId: string; call: ContractCall; txId: string }> = [];
  /** When set, submissions wait for it after beforeSend (to hold a request in flight). */
  gate: Promise<void> | undefined;
  /** When set, the next submission throws it after beforeSend (then it is cleared). */
  failNext: Error | undefined;
  private readonly sequence: BlockSequence;
  private readonly blocks = new Map<bigint, BuiltBlock>();
  private readonly blockOfTx = new Map<string, bigint>();
  private readonly orgs: Map<string, OrgSigners>;

  constructor(
    private readonly fabric: TestFabric,
    startNumber = 5n,
  ) {
    this.channel = fabric.channel;
    this.orgs = new Map(
      [fabric.manufacturer, fabric.distributor, fabric.pharmacy].map((o) => [o.mspId, o]),
    );
    this.sequence = createBlockSequence({
      channel: fabric.channel,
      orderer: fabric.orderer,
      startNumber,
      previousHash: new Uint8Array(32).fill(7),
    });
  }

  /** Number the next block will get. */
  get nextBlockNumber(): bigint {
    return this.sequence.nextNumber;
  }

  async submit(
    mspId: string,
    call: ContractCall,
    hooks: SubmitHooks = {},
  ): Promise<CommittedTransaction> {
    const org = this.orgs.get(mspId);
    if (org === undefined) throw new NoLedgerIdentityError(mspId);
    const nonce = randomBytes(24);
    const txId = computeTxId(nonce, org.client.serializedIdentity);
    await hooks.beforeSend?.(txId);
    this.calls.push({ mspId, call, txId });
    await this.gate;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure !== undefined) throw failure;
    const payload = {
      version: 1,
      function: call.fn,
      creatorMsp: mspId,
      txTimestamp: new Date().toISOString(),
      records: fakeContract(call, mspId, txId),
    };
    const block = this.sequence.next([
      {
        creator: org.client,
        endorsers: [
          this.fabric.manufacturer.peer,
          this.fabric.distributor.peer,
          this.fabric.pharmacy.peer,
        ],
        chaincode: 'provenance',
        functionName: call.fn,
        args: call.args,
        event: { name: 'provenance.v1', payload: Buffer.from(JSON.stringify(payload)) },
        // What the contract does: each record's value under its key.
        writes: payload.records.map((r) => ({ key: r.key, value: canonicalJson(r.value) })),
        nonce,
      },
    ]);
    this.store(block);
    return { txId, blockNumber: block.header.number, validationCode: 0, result: new Uint8Array(0) };
  }

  /** Appends a block with an unrelated transaction (moves the tip on). */
  addOtherBlock(): BuiltBlock {
    const block = this.sequence.next([
      {
        creator: this.fabric.distributor.client,
        endorsers: [this.fabric.distributor.peer, this.fabric.pharmacy.peer],
        chaincode: 'provenance',
        functionName: 'Other',
      },
    ]);
    this.store(block);
    return block;
  }

  /** Appends a block whose one transaction has `validationCode` (e.g. 11, MVCC) for `call`. */
  addInvalidTransaction(mspId: string, validationCode: number): string {
    const org = this.orgs.get(mspId) ?? this.fabric.manufacturer;
    const block = this.sequence.next([
      {
        creator: org.client,
        endorsers: [org.peer],
        chaincode: 'provenance',
        functionName: 'CaptureEvents',
        validationCode,
      },
    ]);
    this.store(block);
    return block.txIds[0] ?? '';
  }

  reader(): LedgerBlockReader {
    return {
      blockByTxId: (txId) => {
        const number = this.blockOfTx.get(txId);
        if (number === undefined)
          return Promise.reject(
            new NotFoundError(`transaction ${txId} not found on channel ${this.channel}`),
          );
        return this.blockByNumber(number);
      },
      blockByNumber: (n) => this.blockByNumber(n),
      chainHeight: () => Promise.resolve(this.sequence.nextNumber),
    };
  }

  private blockByNumber(n: bigint): Promise<Uint8Array> {
    const block = this.blocks.get(n);
    return block === undefined
      ? Promise.reject(new NotFoundError(`block ${n} not found`))
      : Promise.resolve(block.bytes);
  }

  private store(block: BuiltBlock): void {
    this.blocks.set(block.header.number, block);
    for (const txId of block.txIds) this.blockOfTx.set(txId, block.header.number);
  }
}
