import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../../src/indexer/verify.js';

describe('verify: first difference', () => {
  it('orders by block, then table order, and pairs both sides of one row as different', () => {
    expect(firstDifference([])).toBeUndefined();
    expect(
      firstDifference([
        { table: 'identifier_state', key: 'epc=a', blockNumber: 5n, side: 'missing' },
        { table: 'events', key: 'event_id=e', blockNumber: 5n, side: 'unexpected' },
        { table: 'events', key: 'event_id=e', blockNumber: 5n, side: 'missing' },
        { table: 'blocks', key: 'number=9', blockNumber: 9n, side: 'unexpected' },
      ]),
    ).toEqual({ table: 'events', key: 'event_id=e', blockNumber: 5n, kind: 'different' });
    expect(
      firstDifference([
        { table: 'lineage_edge (closes)', key: 'k', blockNumber: 2n, side: 'missing' },
        { table: 'blocks', key: 'number=3', blockNumber: 3n, side: 'unexpected' },
      ]),
    ).toEqual({ table: 'lineage_edge (closes)', key: 'k', blockNumber: 2n, kind: 'missing' });
  });
});
