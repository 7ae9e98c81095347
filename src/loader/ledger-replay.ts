/**
 * Replays transactions through the REAL contract on the in-memory ledger and wraps each committed
 * transaction in a real-format Fabric block: creator and endorser signatures by dev identities,
 * MAJORITY endorsement (two of three orgs), the chaincode event exactly as the contract emitted
 * it, orderer-signed blocks chained by header hash. This is how the benchmark reaches a million
 * events in minutes and how `npm start` loads its demo data when no Fabric network runs: the
 * contract, the payload and the block format are the real ones; only the peers are missing.
 */
import './quiet-contract-logs.js';
import { createHash } from 'node:crypto';
import { InMemoryLedger } from '../../chaincode/src/testing/in-memory-ledger.js';
import { computeTxId } from '../ledger/block-hash.js';
import {
  createBlockSequence,
  type BlockSequence,
  type BuiltBlock,
} from '../ledger/block-builder.js';
import { getDevIdentities, type DevIdentities, type DevPeerOrg } from '../ledger/dev-identities.js';
import {
  createFabricSigner,
  type FabricSigner,
  type SignatureMode,
} from '../ledger/fabric-signer.js';
import {
  buildConfigEnvelope,
  type KvWriteSpec,
  type TransactionSpec,
} from '../ledger/transaction-builder.js';

/** The key family of the contract's history entries (chaincode/src/ledger/state-keys.ts). */
const HISTORY_FAMILY = 'history|';

/** How blocks are cut and signed. */
export interface ReplayOptions {
  channel: string;
  chaincode: string;
  /** Transactions per block, as an orderer's BatchSize.MaxMessageCount. */
  txPerBlock: number;
  /** `ecdsa` for verifiable blocks; `none` for bulk benchmark data nobody verifies. */
  signatures: SignatureMode;
  /** Makes transaction ids reproducible (nonces derive from it). */
  seed: string;
  /**
   * Keep the contract's history entries in memory (default true). A million-event replay without
   * error declarations never reads them back, and they are most of its keys: the benchmark
   * dataset turns this off, and an error declaration would then fail loudly, not silently.
   */
  retainHistory?: boolean;
}

/** A transaction the contract refused (a real network would fail its endorsement). */
export interface RefusedTransaction {
  functionName: string;
  msp: string;
  message: string;
}

interface OrgSigners {
  client: FabricSigner;
  admin: FabricSigner;
  peer: FabricSigner;
}

/** A channel in memory: submit transactions, collect blocks. */
export class LedgerReplay {
  readonly ledger: InMemoryLedger;
  readonly refused: RefusedTransaction[] = [];
  private readonly orgs: Map<string, OrgSigners>;
  private readonly sequence: BlockSequence;
  private pending: TransactionSpec[] = [];
  private counter = 0;

  private constructor(
    private readonly options: ReplayOptions,
    identities: DevIdentities,
  ) {
    const signers = (org: DevPeerOrg): OrgSigners => ({
      client: createFabricSigner(org.client, options.signatures),
      admin: createFabricSigner(org.admin, options.signatures),
      peer: createFabricSigner(org.peer, options.signatures),
    });
    this.orgs = new Map(
      [identities.manufacturer, identities.distributor, identities.pharmacy].map((org) => [
        org.mspId,
        signers(org),
      ]),
    );
    this.ledger = new InMemoryLedger({
      channelId: options.channel,
      writeOnlyFamilies: options.retainHistory === false ? [HISTORY_FAMILY] : [],
    });
    this.sequence = createBlockSequence({
      channel: options.channel,
      orderer: createFabricSigner(identities.orderer.orderer, options.signatures),
    });
  }

  /** Creates a replay whose first block (the genesis config block) is returned by `genesis()`. */
  static async create(options: ReplayOptions): Promise<LedgerReplay> {
    return new LedgerReplay(options, await getDevIdentities());
  }

  /** The channel's genesis block: one CONFIG transaction, as configtxgen would make. */
  genesis(): BuiltBlock {
    const nonce = this.nextNonce();
    return this.sequence.next([
      { ...buildConfigEnvelope(this.options.channel, 0, { nonce }), validationCode: 0 },
    ]);
  }

  /**
   * Runs one transaction through the contract as `msp` (its admin when `admin`), at time `at`.
   * A refused transaction is recorded in `refused` and produces no block item. Returns the blocks
   * completed by this submission (zero or one).
   */
  async submit(
    functionName: string,
    args: readonly string[],
    msp: string,
    opts: { admin?: boolean; at?: Date } = {},
  ): Promise<BuiltBlock[]> {
    const org = this.orgs.get(msp);
    if (org === undefined) throw new Error(`no dev identity for ${msp}`);
    const creator = opts.admin === true ? org.admin : org.client;
    const nonce = this.nextNonce();
    const txId = computeTxId(nonce, creator.serializedIdentity);
    const timestamp = opts.at ?? new Date(Date.UTC(2025, 0, 1) + this.counter * 1000);
    const tx = this.ledger.beginTransaction(functionName, args, {
      mspId: msp,
      admin: opts.admin === true,
      txId,
      timestamp,
    });
    try {
      await this.ledger.execute(tx, functionName, args, { mspId: msp, admin: opts.admin === true });
    } catch (error) {
      this.refused.push({
        functionName,
        msp,
        message: error instanceof Error ? error.message : String(error),
      });
      return [];
    }
    tx.commit();
    this.pending.push({
      creator,
      endorsers: [org.peer, this.otherPeer(msp)],
      chaincode: this.options.chaincode,
      functionName,
      args,
      ...(tx.stub.event === undefined ? {} : { event: tx.stub.event }),
      writes: writeSet(tx.stub.writes),
      timestamp,
      nonce,
    });
    return this.pending.length >= this.options.txPerBlock ? [this.cut()] : [];
  }

  /** Cuts a block from the pending transactions, if any (as the orderer's batch timeout would). */
  flush(): BuiltBlock | undefined {
    return this.pending.length === 0 ? undefined : this.cut();
  }

  private cut(): BuiltBlock {
    const block = this.sequence.next(this.pending);
    this.pending = [];
    return block;
  }

  // MAJORITY of three orgs is two: the submitter's peer and the next org's peer endorse.
  private otherPeer(msp: string): FabricSigner {
    const msps = [...this.orgs.keys()];
    const next = msps[(msps.indexOf(msp) + 1) % msps.length] as string;
    return (this.orgs.get(next) as OrgSigners).peer;
  }

  private nextNonce(): Uint8Array {
    this.counter += 1;
    return createHash('sha256')
      .update(`${this.options.seed}:${this.counter}`)
      .digest()
      .subarray(0, 24);
  }
}

/**
 * The transaction's writes as its read-write set carries them: sorted by key, as Fabric's
 * simulator builds it, so that a proof can bind the event's records to them.
 */
export function writeSet(writes: ReadonlyMap<string, Uint8Array | null>): KvWriteSpec[] {
  // By UTF-8 bytes, as Go compares strings (UTF-16 order differs above U+FFFF). Each key is
  // encoded once, not twice per comparison (a capture writes a thousand keys and more).
  return [...writes.keys()]
    .map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ key }) => {
      const value = writes.get(key);
      return value === null || value === undefined ? { key, isDelete: true } : { key, value };
    });
}
