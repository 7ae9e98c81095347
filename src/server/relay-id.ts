/**
 * Relay global object ids: base64url of `Type:key`, opaque to clients. The key is the row's natural
 * key (an EPC URN, a GTIN, an MSP id, …); a composite key is a JSON array, so no separator inside a
 * URN can break it.
 */
import { BadUserInputError } from '../errors.js';

/** GraphQL types implementing Node. */
export const NODE_TYPES = [
  'Lot',
  'Identifier',
  'Product',
  'Organization',
  'Party',
  'Location',
  'Shipment',
  'Event',
  'Recall',
] as const;

/** One of the NODE_TYPES. */
export type NodeType = (typeof NODE_TYPES)[number];

/** A decoded global id. */
export interface GlobalId {
  type: NodeType;
  key: string;
}

const isNodeType = (value: string): value is NodeType =>
  (NODE_TYPES as readonly string[]).includes(value);

/** The global id of the `type` row with natural key `key`. */
export function toGlobalId(type: NodeType, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/** The global id of a row whose natural key has several parts. */
export function toCompositeGlobalId(type: NodeType, parts: readonly string[]): string {
  return toGlobalId(type, JSON.stringify(parts));
}

/**
 * Decodes a global id.
 * @throws BadUserInputError when `id` is not one this API issued.
 */
export function fromGlobalId(id: string): GlobalId {
  const bad = (): BadUserInputError =>
    new BadUserInputError(
      `id ${JSON.stringify(id.slice(0, 80))} is not a global id of this API; use the id field of a Node`,
      'id',
    );
  if (!/^[A-Za-z0-9_-]{4,2048}$/.test(id)) throw bad();
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const type = text.slice(0, colon);
  const key = text.slice(colon + 1);
  // Re-encoding must give the same id: rejects padding tricks and non-canonical base64.
  if (colon < 1 || !isNodeType(type) || key.length === 0 || toGlobalId(type, key) !== id) {
    throw bad();
  }
  return { type, key };
}

/**
 * The parts of a composite key made by toCompositeGlobalId.
 * @throws BadUserInputError when the key does not have `arity` string parts.
 */
export function compositeKey(key: string, arity: number): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== arity ||
    !parts.every((p): p is string => typeof p === 'string')
  ) {
    throw new BadUserInputError(
      'id is not a global id of this API; use the id field of a Node',
      'id',
    );
  }
  return parts;
}
