/**
 * World-state keys. Plain `kind|naturalId` strings rather than Fabric composite keys: composite
 * keys contain NUL characters, which the Postgres mirror (text columns) cannot store, and the
 * payload carries every key. `|` never occurs in EPC URNs or URIs (RFC 3986 forbids it unescaped),
 * so a prefix scan over `kind|id|` cannot match another id.
 */

/** Separator between the parts of a state key. */
export const KEY_SEPARATOR = '|';

// Zero-padded so that lexicographic key order is numeric order in range scans.
const SEQUENCE_WIDTH = 10;

/** Builds the state key of each record kind from its natural id. */
export const stateKeys = {
  organization: (mspId: string): string => `org|${mspId}`,
  location: (sgln: string): string => `location|${sgln}`,
  product: (gtin: string): string => `product|${gtin}`,
  event: (eventId: string): string => `event|${eventId}`,
  content: (contentHash: string): string => `content|${contentHash}`,
  identifier: (epc: string): string => `identifier|${epc}`,
  lot: (lotClass: string): string => `lot|${lotClass}`,
  recall: (recallId: string): string => `recall|${recallId}`,
  emission: (emissionId: string): string => `emission|${emissionId}`,
  footprint: (footprintId: string): string => `footprint|${footprintId}`,
  history: (subjectKind: 'identifier' | 'lot', subject: string, sequence: number): string =>
    `${historyPrefix(subjectKind, subject)}${String(sequence).padStart(SEQUENCE_WIDTH, '0')}`,
};

/** Key prefix of every organisation record. */
export const ORGANIZATION_PREFIX = 'org|';

/** Key prefix of one subject's history entries. */
export function historyPrefix(subjectKind: 'identifier' | 'lot', subject: string): string {
  return `history|${subjectKind}|${subject}|`;
}

/** The [start, end) key range holding exactly the keys that start with prefix. */
export function prefixRange(prefix: string): { start: string; end: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { start: prefix, end: prefix.slice(0, -1) + String.fromCharCode(last + 1) };
}
