/**
 * Deterministic JSON: object keys sorted by UTF-16 code units at every depth, undefined members
 * dropped, arrays kept in order. Every endorsing peer must produce byte-identical state values and
 * event payloads, and the eventID hash depends on it, so nothing else serialises ledger data.
 */

/** Serialises a JSON-compatible value with sorted keys; throws on values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      // NaN and Infinity would silently become null: refuse them instead.
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      out.push(JSON.stringify(value));
      return;
    case 'object':
      if (Array.isArray(value)) {
        out.push('[');
        value.forEach((item: unknown, index) => {
          if (index > 0) out.push(',');
          // JSON.stringify turns undefined array members into null; do the same.
          write(item === undefined ? null : item, out);
        });
        out.push(']');
        return;
      }
      writeObject(value as Record<string, unknown>, out);
      return;
    default:
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
  }
}

function writeObject(value: Record<string, unknown>, out: string[]): void {
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, index) => {
    if (index > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(value[key], out);
  });
  out.push('}');
}
