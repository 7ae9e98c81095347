import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryLimitsRule } from '../../../src/server/query-limits.js';

const schema = buildSchema(`
  type Query { lot(id: ID!): Lot, lots(first: Int): LotConnection }
  type LotConnection { nodes: [Lot!]! }
  type Lot { id: ID!, units(first: Int): [Unit!]!, parent: Lot }
  type Unit { epc: String!, events(first: Int): [Event!]! }
  type Event { id: ID! }
`);
const limits = { maxDepth: 6, maxAliases: 3, maxCost: 10_000, defaultListSize: 50 };

function errorsOf(query: string, variables: Record<string, unknown> = {}) {
  return validate(schema, parse(query), [queryLimitsRule(limits, variables)]).map(
    (e) => e.extensions,
  );
}

describe('query limits (pure validation rule)', () => {
  it('accepts a reasonable query', () => {
    expect(errorsOf('{ lots(first: 10) { nodes { id units(first: 20) { epc } } } }')).toEqual([]);
  });

  it('multiplies cost by page sizes of nested lists', () => {
    // 100 lots × 100 units × 100 events is far beyond 10,000.
    expect(
      errorsOf(
        '{ lots(first: 100) { nodes { units(first: 100) { events(first: 100) { id } } } } }',
      ),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }]);
  });

  it('assumes the default page size for a list without first, and reads variables', () => {
    expect(errorsOf('{ lot(id: 1) { units { events { id } } } }')).toEqual([]); // 50 × 50 = 2,500
    expect(
      errorsOf('query($n: Int) { lots(first: $n) { nodes { units { events { id } } } } }', {
        n: 1000,
      }),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }]);
  });

  it('counts depth through fragments without looping on cycles', () => {
    const deep =
      '{ lot(id: 1) { parent { parent { parent { parent { parent { parent { id } } } } } } } }';
    expect(errorsOf(deep)).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }]);
    const viaFragment =
      'fragment P on Lot { parent { parent { parent { parent { parent { id } } } } } } { lot(id: 1) { parent { ...P } } }';
    expect(errorsOf(viaFragment)).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }]);
    const cyclic = 'fragment A on Lot { parent { ...A } } { lot(id: 1) { ...A } }';
    expect(errorsOf(cyclic)).toEqual([]); // graphql's NoFragmentCycles rule reports the cycle itself
  });

  it('counts aliases', () => {
    expect(
      errorsOf(
        '{ a: lot(id: 1) { id } b: lot(id: 2) { id } c: lot(id: 3) { id } d: lot(id: 4) { id } }',
      ),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' }]);
  });
});
