import type { Context, Contract } from 'fabric-contract-api';
import { ProvenanceContract } from '../contract/provenance.contract';
import { PAYLOAD_EVENT_NAME, type LedgerPayload } from '../payload';
import { sha256Hex } from '../util/hash';
import { InMemoryStub } from './in-memory-stub';
import { InMemoryWorldState } from './in-memory-world-state';

/** Who submits a transaction to the in-memory ledger. */
export interface LedgerCaller {
  mspId: string;
  /** Admin certificate (subject OU=admin); default false. */
  admin?: boolean;
  /** Defaults to a deterministic id derived from the ledger's transaction counter. */
  txId?: string;
  /** ISO 8601 or Date; defaults to the ledger clock (start + 1 s per transaction). */
  timestamp?: string | Date;
  /** Certificate subject CN; default User1 / Admin. */
  commonName?: string;
  /** PEM certificate returned by getCreator(), for code that parses it (fabric-shim's ClientIdentity). */
  certificatePem?: string;
}

/** A successful invocation: the function's return value, the emitted payload, the tx id. */
export interface InvokeResult {
  result: string;
  payload: LedgerPayload | undefined;
  txId: string;
}

/** A transaction in progress: run code against its stub, then commit or drop it. */
export interface InMemoryTransaction {
  readonly stub: InMemoryStub;
  readonly txId: string;
  /** Applies the write set to the world state. */
  commit(): void;
  /** The chaincode event payload, parsed, if the transaction emitted the provenance event. */
  payload(): LedgerPayload | undefined;
}

/** Options of a new ledger. */
export interface InMemoryLedgerOptions {
  /** The contract instance to run; default a new ProvenanceContract. */
  contract?: Contract;
  channelId?: string;
  /** Start of the ledger clock; default 2027-01-01T00:00:00Z (after the tests' event times). */
  clockStart?: string;
  /** Key families written but not kept (see InMemoryWorldState); default none. */
  writeOnlyFamilies?: readonly string[];
  /** Told of every committed transaction, with the write set it applied (for tests). */
  onCommit?: (commit: CommittedWrites) => void;
}

/** A committed transaction: its id, its write set (null for a delete) and its chaincode event. */
export interface CommittedWrites {
  txId: string;
  writes: ReadonlyMap<string, Uint8Array | null>;
  event: { name: string; payload: Uint8Array } | undefined;
}

type TransactionMethod = (ctx: Context, ...args: string[]) => Promise<unknown>;

/**
 * An in-memory stand-in for a channel with the contract deployed: world state, a stub per
 * transaction, and copy-on-write transactions (a throw applies nothing). It runs the real contract
 * class through its before/after hooks exactly as fabric-contract-api's router does. Used by the
 * unit tests and by the benchmark loader to produce real payloads without a Fabric network.
 */
export class InMemoryLedger {
  readonly world: InMemoryWorldState;
  private readonly contract: Contract;
  private readonly channelId: string;
  private readonly clockStartMs: number;
  private readonly onCommit: InMemoryLedgerOptions['onCommit'];
  private readonly usedTxIds = new Set<string>();
  private sequence = 0;

  constructor(options: InMemoryLedgerOptions = {}) {
    this.world = new InMemoryWorldState(options.writeOnlyFamilies);
    this.contract = options.contract ?? new ProvenanceContract();
    this.channelId = options.channelId ?? 'provenance';
    this.clockStartMs = Date.parse(options.clockStart ?? '2027-01-01T00:00:00Z');
    this.onCommit = options.onCommit;
  }

  /** Runs a transaction function and commits its writes; throws (committing nothing) if it throws. */
  async invoke(
    functionName: string,
    args: readonly string[],
    caller: LedgerCaller,
  ): Promise<InvokeResult> {
    const tx = this.beginTransaction(functionName, args, caller);
    const result = await this.run(tx.stub, functionName, args, caller);
    tx.commit();
    return { result, payload: tx.payload(), txId: tx.txId };
  }

  /** Runs a transaction function without committing (what a gateway evaluate does). */
  async evaluate(
    functionName: string,
    args: readonly string[],
    caller: LedgerCaller,
  ): Promise<string> {
    const tx = this.beginTransaction(functionName, args, caller);
    return this.run(tx.stub, functionName, args, caller);
  }

  /** Opens a transaction whose stub other code (e.g. fabric-shim's contract router) can drive. */
  beginTransaction(
    functionName: string,
    args: readonly string[],
    caller: LedgerCaller,
  ): InMemoryTransaction {
    this.sequence += 1;
    const txId = caller.txId ?? sha256Hex(`in-memory-ledger:${this.channelId}:${this.sequence}`);
    const timestampMs =
      caller.timestamp === undefined
        ? this.clockStartMs + this.sequence * 1000
        : new Date(caller.timestamp).getTime();
    if (Number.isNaN(timestampMs)) throw new Error(`invalid timestamp ${String(caller.timestamp)}`);
    const stub = new InMemoryStub(this.world, {
      txId,
      channelId: this.channelId,
      timestampMs,
      mspId: caller.mspId,
      idBytes: Buffer.from(caller.certificatePem ?? '', 'utf8'),
      fcn: functionName,
      args,
    });
    return {
      stub,
      txId,
      commit: () => {
        // Fabric invalidates a second transaction with the same id (duplicate txid).
        if (this.usedTxIds.has(txId)) throw new Error(`duplicate transaction id ${txId}`);
        this.usedTxIds.add(txId);
        this.world.apply(stub.writes);
        this.onCommit?.({ txId, writes: stub.writes, event: stub.event });
      },
      payload: () => {
        if (stub.event?.name !== PAYLOAD_EVENT_NAME) return undefined;
        return JSON.parse(Buffer.from(stub.event.payload).toString('utf8')) as LedgerPayload;
      },
    };
  }

  /**
   * Runs the contract function inside a transaction opened with beginTransaction; the caller
   * commits it (used by loaders that need the transaction's raw event bytes).
   */
  async execute(
    tx: InMemoryTransaction,
    functionName: string,
    args: readonly string[],
    caller: LedgerCaller,
  ): Promise<string> {
    return this.run(tx.stub, functionName, args, caller);
  }

  /** The committed value of a key, parsed as JSON. */
  read(key: string): unknown {
    const value = this.world.get(key);
    return value === undefined
      ? undefined
      : (JSON.parse(Buffer.from(value).toString('utf8')) as unknown);
  }

  private async run(
    stub: InMemoryStub,
    functionName: string,
    args: readonly string[],
    caller: LedgerCaller,
  ): Promise<string> {
    const contract = this.contract;
    const method = (contract as unknown as Record<string, TransactionMethod | undefined>)[
      functionName
    ];
    if (!isTransaction(contract, functionName) || typeof method !== 'function') {
      throw new Error(`${contract.getName()} has no transaction ${functionName}`);
    }
    const ctx = contract.createContext();
    ctx.stub = stub as unknown as Context['stub'];
    ctx.clientIdentity = new InMemoryIdentity(caller);
    await contract.beforeTransaction(ctx);
    const result = await method.call(contract, ctx, ...args);
    await contract.afterTransaction(ctx, result);
    return typeof result === 'string' ? result : JSON.stringify(result ?? null);
  }
}

/** fabric-shim's ClientIdentity, as far as contracts use it, with an x509-style id. */
export class InMemoryIdentity {
  private readonly id: string;

  constructor(private readonly caller: LedgerCaller) {
    const org = caller.mspId.replace(/MSP$/, '');
    const ou = caller.admin === true ? 'admin' : 'client';
    const cn = caller.commonName ?? (caller.admin === true ? 'Admin' : 'User1');
    this.id = `x509::/C=US/ST=North Carolina/O=${org}/OU=${ou}/CN=${cn}@${org.toLowerCase()}::/C=US/ST=North Carolina/O=${org}/CN=ca.${org.toLowerCase()}`;
  }

  getMSPID(): string {
    return this.caller.mspId;
  }

  getID(): string {
    return this.id;
  }

  getIDBytes(): Uint8Array {
    return Buffer.from(this.caller.certificatePem ?? '', 'utf8');
  }

  getAttributeValue(): string | null {
    return null;
  }

  assertAttributeValue(): boolean {
    return false;
  }
}

// Only @Transaction methods are callable, as with fabric-contract-api's router.
function isTransaction(contract: Contract, name: string): boolean {
  const reflect = Reflect as unknown as { getMetadata?: (key: string, target: object) => unknown };
  const transactions = reflect.getMetadata?.('fabric:transactions', contract);
  return (
    Array.isArray(transactions) && transactions.some((tx: { name?: unknown }) => tx.name === name)
  );
}
