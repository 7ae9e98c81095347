import { canonicalJson } from '../util/canonical-json';
import { sha256Hex } from '../util/hash';

// Members that do not change what happened: the id itself, when the repository recorded it, a
// later correction, and the JSON-LD context (prefix declarations, not content).
const EXCLUDED = new Set(['eventID', 'recordTime', 'errorDeclaration', '@context']);

/**
 * The canonical form of a normalised event: sorted-key JSON of every member except eventID,
 * recordTime, errorDeclaration and @context. Array order is kept. See chaincode/README.md.
 */
export function canonicalForm(normalised: Record<string, unknown>): string {
  const content: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(normalised)) {
    if (!EXCLUDED.has(key)) content[key] = value;
  }
  return canonicalJson(content);
}

/** Hex SHA-256 of the canonical form: equal hashes mean the same event content. */
export function contentHashOf(normalised: Record<string, unknown>): string {
  return sha256Hex(canonicalForm(normalised));
}

/** The eventID the contract assigns when an event has none: `ni:///sha-256;<hex>?ver=CBV2.0`. */
export function generatedEventId(contentHash: string): string {
  return `ni:///sha-256;${contentHash}?ver=CBV2.0`;
}
