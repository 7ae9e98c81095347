import {
  PAYLOAD_EVENT_NAME,
  PAYLOAD_VERSION,
  type LedgerPayload,
  type LedgerRecord,
  type LedgerRecordKind,
} from '../payload';
import { canonicalJson } from '../util/canonical-json';
import { timestampToIso } from '../util/time';
import { readRange, type LedgerStub } from './ledger-stub';
import { prefixRange } from './state-keys';

type RecordValueMap = { [R in LedgerRecord as R['kind']]: R['value'] };

/** The value type stored for a record kind. */
export type RecordValue<K extends LedgerRecordKind> = RecordValueMap[K];

interface StagedWrite {
  kind: LedgerRecordKind;
  json: string;
}

// Record kinds the contract keeps for itself: written to world state, left out of the payload.
const BOOKKEEPING: ReadonlySet<LedgerRecordKind> = new Set(['history', 'content']);

/**
 * The one place that writes world state. Writes are staged, readable by later reads of the same
 * transaction (Fabric's getState does not see a transaction's own writes), and reach the stub only
 * in flush(), which also emits the single chaincode event carrying exactly the records written.
 * A transaction that throws before flush() therefore writes nothing, in Fabric and in any stub.
 */
export class TxState {
  readonly txId: string;
  readonly txTimestamp: string;
  readonly creatorMsp: string;
  private readonly staged = new Map<string, StagedWrite>();
  private readonly committedCache = new Map<string, string | undefined>();
  private flushed = false;

  constructor(
    private readonly stub: LedgerStub,
    private readonly functionName: string,
    creatorMsp: string,
  ) {
    this.txId = stub.getTxID();
    this.txTimestamp = timestampToIso(stub.getTxTimestamp());
    this.creatorMsp = creatorMsp;
  }

  /** Reads a record, seeing this transaction's staged writes first. */
  async read<K extends LedgerRecordKind>(
    _kind: K,
    key: string,
  ): Promise<RecordValue<K> | undefined> {
    const staged = this.staged.get(key);
    if (staged) return JSON.parse(staged.json) as RecordValue<K>;
    const json = await this.readCommitted(key);
    return json === undefined ? undefined : (JSON.parse(json) as RecordValue<K>);
  }

  /** Stages a write: deterministic JSON under key, recorded for the payload in write order. */
  write<K extends LedgerRecordKind>(kind: K, key: string, value: RecordValue<K>): void {
    if (this.flushed) throw new Error(`TxState: write after flush (${key})`);
    // Re-inserting moves the key to the end: the payload lists each key once, at its last write,
    // with its final value, like Fabric's write set.
    this.staged.delete(key);
    this.staged.set(key, { kind, json: canonicalJson(value) });
  }

  /** All records whose key starts with prefix, committed merged with staged, in key order. */
  async scan<K extends LedgerRecordKind>(
    _kind: K,
    prefix: string,
  ): Promise<{ key: string; value: RecordValue<K> }[]> {
    const { start, end } = prefixRange(prefix);
    const merged = new Map<string, string>();
    for (const row of await readRange(this.stub, start, end)) {
      merged.set(row.key, Buffer.from(row.value).toString('utf8'));
    }
    for (const [key, write] of this.staged) {
      if (key.startsWith(prefix)) merged.set(key, write.json);
    }
    return [...merged.keys()]
      .sort()
      .map((key) => ({ key, value: JSON.parse(merged.get(key) ?? 'null') as RecordValue<K> }));
  }

  /**
   * The payload this transaction will emit, or undefined when it wrote nothing. History entries
   * are left out: they are the contract's own bookkeeping for replays after an error declaration,
   * the mirror never reads them, and they were about a third of every payload's bytes.
   */
  payload(): LedgerPayload | undefined {
    const json = this.payloadJson();
    return json === undefined ? undefined : (JSON.parse(json) as LedgerPayload);
  }

  /**
   * The payload as canonical JSON, assembled from the staged values, which are canonical already:
   * parsing and re-serialising every record measured as a large share of a capture's time.
   * Keys are written in canonical (sorted) order by hand.
   */
  private payloadJson(): string | undefined {
    if (this.staged.size === 0) return undefined;
    const records: string[] = [];
    for (const [key, write] of this.staged) {
      if (BOOKKEEPING.has(write.kind)) continue;
      records.push(
        `{"key":${JSON.stringify(key)},"kind":${JSON.stringify(write.kind)},"value":${write.json}}`,
      );
    }
    return (
      `{"creatorMsp":${JSON.stringify(this.creatorMsp)},"function":${JSON.stringify(this.functionName)},` +
      `"records":[${records.join(',')}],"txTimestamp":${JSON.stringify(this.txTimestamp)},` +
      `"version":${JSON.stringify(PAYLOAD_VERSION)}}`
    );
  }

  /** Puts every staged write to the stub and emits the one chaincode event; call once, at the end. */
  async flush(): Promise<void> {
    if (this.flushed) return;
    this.flushed = true;
    const payload = this.payloadJson();
    if (payload === undefined) return;
    for (const [key, write] of this.staged) {
      await this.stub.putState(key, Buffer.from(write.json, 'utf8'));
    }
    this.stub.setEvent(PAYLOAD_EVENT_NAME, Buffer.from(payload, 'utf8'));
  }

  private async readCommitted(key: string): Promise<string | undefined> {
    if (this.committedCache.has(key)) return this.committedCache.get(key);
    // Some stubs answer a missing key with undefined rather than an empty array.
    const bytes = (await this.stub.getState(key)) as Uint8Array | undefined;
    const json =
      bytes === undefined || bytes.length === 0 ? undefined : Buffer.from(bytes).toString('utf8');
    this.committedCache.set(key, json);
    return json;
  }
}
