import type { LedgerIterator, LedgerKeyValue } from '../ledger/ledger-stub';
import type { InMemoryWorldState } from './in-memory-world-state';

const COMPOSITE_DELIMITER = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a transaction of the in-memory ledger is about. */
export interface InMemoryTxInfo {
  txId: string;
  channelId: string;
  /** Transaction timestamp, ms since the epoch. */
  timestampMs: number;
  mspId: string;
  /** Creator certificate (PEM) bytes; empty when the caller gave none. */
  idBytes: Uint8Array;
  fcn: string;
  args: readonly string[];
}

/**
 * The parts of fabric-shim's ChaincodeStub the contract (and fabric-shim's own contract router)
 * use, over an in-memory world state. Like a peer, reads see committed state only, never this
 * transaction's writes; writes collect in a write set the ledger applies on success.
 */
export class InMemoryStub {
  /** Pending writes: key → value, or null for a delete. */
  readonly writes = new Map<string, Uint8Array | null>();
  /** The chaincode event set by the transaction (Fabric keeps only the last one). */
  event: { name: string; payload: Uint8Array } | undefined;

  constructor(
    private readonly world: InMemoryWorldState,
    private readonly info: InMemoryTxInfo,
  ) {}

  getState(key: string): Promise<Uint8Array> {
    checkKey(key);
    return Promise.resolve(this.world.get(key) ?? new Uint8Array(0));
  }

  putState(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    this.writes.set(key, Uint8Array.from(value));
    return Promise.resolve();
  }

  deleteState(key: string): Promise<void> {
    checkKey(key);
    this.writes.set(key, null);
    return Promise.resolve();
  }

  getStateByRange(
    startKey: string,
    endKey: string,
  ): Promise<LedgerIterator> & AsyncIterable<LedgerKeyValue> {
    return iterate(this.world.range(startKey, endKey));
  }

  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): Promise<LedgerIterator> & AsyncIterable<LedgerKeyValue> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return iterate(this.world.range(prefix, `${prefix}\u{10FFFF}`));
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return `${COMPOSITE_DELIMITER}${[objectType, ...attributes].map((part) => `${part}${COMPOSITE_DELIMITER}`).join('')}`;
  }

  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    const [objectType = '', ...attributes] = compositeKey.split(COMPOSITE_DELIMITER).slice(1, -1);
    return { objectType, attributes };
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (name === '') throw new Error('setEvent: event name must not be empty');
    this.event = { name, payload: Uint8Array.from(payload) };
  }

  getTxID(): string {
    return this.info.txId;
  }

  getChannelID(): string {
    return this.info.channelId;
  }

  getTxTimestamp(): { seconds: number; nanos: number } {
    const ms = this.info.timestampMs;
    return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
  }

  getDateTimestamp(): Date {
    return new Date(this.info.timestampMs);
  }

  getCreator(): { mspid: string; idBytes: Uint8Array } {
    return { mspid: this.info.mspId, idBytes: this.info.idBytes };
  }

  getMspID(): string {
    return this.info.mspId;
  }

  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.info.fcn, params: [...this.info.args] };
  }

  getArgs(): string[] {
    return [this.info.fcn, ...this.info.args];
  }

  getStringArgs(): string[] {
    return this.getArgs();
  }

  getBufferArgs(): Buffer[] {
    return this.getArgs().map((arg) => Buffer.from(arg, 'utf8'));
  }
}

// Fabric rejects empty keys and keys that are not valid UTF-8; simple keys may not start with NUL
// unless they are composite keys.
function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new Error('state key must be a non-empty string');
  if (LONE_SURROGATE.test(key))
    throw new Error(`state key is not valid UTF-8: ${JSON.stringify(key)}`);
}

// fabric-shim returns a promise of an iterator that is also async-iterable; mimic both.
function iterate(rows: LedgerKeyValue[]): Promise<LedgerIterator> & AsyncIterable<LedgerKeyValue> {
  let position = 0;
  const iterator: LedgerIterator = {
    next: () => {
      const row = rows[position];
      position += 1;
      return Promise.resolve(row === undefined ? { done: true } : { value: row, done: false });
    },
    close: () => Promise.resolve(),
  };
  return Object.assign(Promise.resolve(iterator), {
    [Symbol.asyncIterator]: (): AsyncIterator<LedgerKeyValue> => {
      let index = 0;
      return {
        next: () => {
          const row = rows[index];
          index += 1;
          return Promise.resolve(
            row === undefined ? { value: undefined, done: true } : { value: row, done: false },
          );
        },
      };
    },
  });
}
