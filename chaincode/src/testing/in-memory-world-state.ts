/**
 * Committed world state for the in-memory ledger: a Map for point reads plus, per key family
 * (`kind|` prefix, or composite-key object type), a key list sorted lazily for range scans.
 * Appending new keys and re-sorting on the next scan is cheap (TimSort on a sorted run plus a short
 * tail), so a long loader run never copies or re-sorts the whole state per transaction.
 *
 * Values are kept as latin1 strings (one char per byte: lossless for any bytes, and stored by V8
 * at one byte per char) rather than as Uint8Arrays, whose per-object overhead of well over a
 * hundred bytes dominated memory at millions of small records (a 1M-event replay holds ~17M).
 */
export class InMemoryWorldState {
  private readonly values = new Map<string, string>();
  private readonly families = new Map<string, { keys: string[]; sorted: boolean }>();
  private readonly writeOnly: ReadonlySet<string>;

  /**
   * @param writeOnlyFamilies key families (`kind|`) whose values are counted as written but not
   *   kept: a loader's memory saver for records its transactions never read back (the contract's
   *   `history|` entries, read only by error declarations). Reading such a key throws rather than
   *   answering "absent".
   */
  constructor(writeOnlyFamilies: readonly string[] = []) {
    this.writeOnly = new Set(writeOnlyFamilies);
  }

  /** Number of keys. */
  get size(): number {
    return this.values.size;
  }

  /** The committed value of a key. */
  get(key: string): Uint8Array | undefined {
    this.checkReadable(familyOf(key));
    const value = this.values.get(key);
    return value === undefined ? undefined : bytesOf(value);
  }

  /** Applies a transaction's write set (null deletes). */
  apply(writes: ReadonlyMap<string, Uint8Array | null>): void {
    for (const [key, value] of writes) {
      if (value === null) this.delete(key);
      else this.put(key, value);
    }
  }

  /** Committed keys in [start, end), in order; end '' means unbounded. */
  range(start: string, end: string): { key: string; value: Uint8Array }[] {
    const family = familyOf(start);
    const single = family !== '' && end !== '' && end <= upperBound(family);
    const names = single ? [family] : [...this.families.keys()].sort();
    const rows: { key: string; value: Uint8Array }[] = [];
    for (const name of names) {
      this.checkReadable(name);
      const keys = this.sortedKeys(name);
      for (let i = lowerBound(keys, start); i < keys.length; i += 1) {
        const key = keys[i] ?? '';
        if (end !== '' && key >= end) break;
        const value = this.values.get(key);
        if (value !== undefined) rows.push({ key, value: bytesOf(value) });
      }
    }
    return single ? rows : rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Every committed key with its value, in no particular order. */
  *entries(): IterableIterator<[string, Uint8Array]> {
    for (const [key, value] of this.values) yield [key, bytesOf(value)];
  }

  private put(key: string, value: Uint8Array): void {
    if (this.writeOnly.has(familyOf(key))) return;
    if (!this.values.has(key)) {
      const family = this.familyEntry(familyOf(key));
      family.keys.push(key);
      family.sorted = false;
    }
    this.values.set(key, Buffer.from(value).toString('latin1'));
  }

  private delete(key: string): void {
    if (!this.values.delete(key)) return;
    const keys = this.sortedKeys(familyOf(key));
    keys.splice(lowerBound(keys, key), 1);
  }

  private checkReadable(family: string): void {
    if (this.writeOnly.has(family)) {
      throw new Error(`InMemoryWorldState: ${family} records are write-only in this ledger`);
    }
  }

  private sortedKeys(name: string): string[] {
    const family = this.familyEntry(name);
    if (!family.sorted) {
      family.keys.sort();
      family.sorted = true;
    }
    return family.keys;
  }

  private familyEntry(name: string): { keys: string[]; sorted: boolean } {
    let family = this.families.get(name);
    if (!family) {
      family = { keys: [], sorted: true };
      this.families.set(name, family);
    }
    return family;
  }
}

const bytesOf = (value: string): Uint8Array => Buffer.from(value, 'latin1');

// `kind|…` keys group by `kind|`; composite keys (\u0000type\u0000…) by their object type.
function familyOf(key: string): string {
  if (key.startsWith('\u0000')) {
    const end = key.indexOf('\u0000', 1);
    return end < 0 ? '' : key.slice(0, end + 1);
  }
  const end = key.indexOf('|');
  return end < 0 ? '' : key.slice(0, end + 1);
}

function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function lowerBound(keys: readonly string[], target: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] ?? '') < target) low = mid + 1;
    else high = mid;
  }
  return low;
}
