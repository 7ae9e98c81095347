import { describe, expect, it } from 'vitest';
import {
  compositeKey,
  fromGlobalId,
  NODE_TYPES,
  toCompositeGlobalId,
  toGlobalId,
} from '../../../src/server/relay-id.js';

const KEYS = [
  'urn:epc:class:lgtin:0614141.012345.LOT-A',
  'ni:///sha-256;864ccdfdaa6a1a4a2a38b5c9c0722306192a7bd2bb9eb469c51a33df19651f41?ver=CBV2.0',
  'Ünïcödé:with:colons and spaces',
  '0',
];

describe('relay global ids', () => {
  it('round-trips every node type with URN, event id and odd keys, and stays opaque base64url', () => {
    for (const type of NODE_TYPES) {
      for (const key of KEYS) {
        const id = toGlobalId(type, key);
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(id).not.toContain(':');
        expect(fromGlobalId(id)).toEqual({ type, key });
      }
    }
  });

  it('gives different ids to the same key under different types', () => {
    expect(toGlobalId('Lot', 'x')).not.toBe(toGlobalId('Product', 'x'));
  });

  it('round-trips composite keys whose parts contain separators', () => {
    const parts = ['ni:///sha-256;ab?ver=CBV2.0', 'urn:epc:id:sscc:0614141.1000000002'];
    const { type, key } = fromGlobalId(toCompositeGlobalId('Shipment', parts));
    expect(type).toBe('Shipment');
    expect(compositeKey(key, 2)).toEqual(parts);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'TG90Onh+'],
    ['padded', `${toGlobalId('Lot', 'ab')}=`],
    ['unknown type', Buffer.from('Pallet:x').toString('base64url')],
    ['no key', Buffer.from('Lot:').toString('base64url')],
    ['no type', Buffer.from(':x').toString('base64url')],
    ['no colon', Buffer.from('Lotx').toString('base64url')],
  ])('refuses %s with BAD_USER_INPUT', (_what, id) => {
    expect(() => fromGlobalId(id)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('refuses composite keys of the wrong shape', () => {
    expect(() => compositeKey('not json', 2)).toThrow(/not a global id/);
    expect(() => compositeKey('["a"]', 2)).toThrow(/not a global id/);
    expect(() => compositeKey('["a", 1]', 2)).toThrow(/not a global id/);
  });
});
