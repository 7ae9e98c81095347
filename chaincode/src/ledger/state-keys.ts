/**
 * World-state keys. Plain `kind|naturalId` strings rather than Fabric composite keys: composite
 * keys contain NUL characters, which the Postgres mirror (text columns) cannot store, and the
 * payload carries every key. `|` never occurs in EPC URNs or URIs (RFC 3986 forbids it unescaped),
 * so a prefix scan over `kind|id|` cannot match another id.
 */

import { BOOKKEEPING_KEY_PREFIXES, RECORD_KEYS } from '../payload';

/** Separator between the parts of a state key. */
export const KEY_SEPARATOR = '|';

// Zero-padded so that lexicographic key order is numeric order in range scans.
const SEQUENCE_WIDTH = 10;

/** Builds the state key of each record kind from its natural id (prefixes: payload.ts). */
export const stateKeys = {
  organization: (mspId: string): string => `${RECORD_KEYS.organization.prefix}${mspId}`,
  location: (sgln: string): string => `${RECORD_KEYS.location.prefix}${sgln}`,
  product: (gtin: string): string => `${RECORD_KEYS.product.prefix}${gtin}`,
  event: (eventId: string): string => `${RECORD_KEYS.event.prefix}${eventId}`,
  content: (contentHash: string): string => `${BOOKKEEPING_KEY_PREFIXES.content}${contentHash}`,
  identifier: (epc: string): string => `${RECORD_KEYS.identifier.prefix}${epc}`,
  lot: (lotClass: string): string => `${RECORD_KEYS.lot.prefix}${lotClass}`,
  recall: (recallId: string): string => `${RECORD_KEYS.recall.prefix}${recallId}`,
  emission: (emissionId: string): string => `${RECORD_KEYS.emission.prefix}${emissionId}`,
  footprint: (footprintId: string): string => `${RECORD_KEYS.footprint.prefix}${footprintId}`,
  history: (subjectKind: 'identifier' | 'lot', subject: string, sequence: number): string =>
    `${historyPrefix(subjectKind, subject)}${String(sequence).padStart(SEQUENCE_WIDTH, '0')}`,
};

/** Key prefix of every organisation record. */
export const ORGANIZATION_PREFIX = RECORD_KEYS.organization.prefix;

/** Key prefix of one subject's history entries. */
export function historyPrefix(subjectKind: 'identifier' | 'lot', subject: string): string {
  return `${BOOKKEEPING_KEY_PREFIXES.history}${subjectKind}|${subject}|`;
}

/** The [start, end) key range holding exactly the keys that start with prefix. */
export function prefixRange(prefix: string): { start: string; end: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { start: prefix, end: prefix.slice(0, -1) + String.fromCharCode(last + 1) };
}
