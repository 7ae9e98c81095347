import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryLimitsRule } from '../../../src/server/query-limits.js';

const schema = buildSchema(`
  type Query { lot(id: ID!): Lot, lots(first: Int): LotConnection, trace(first: Int = 1000): Trace }
  type Trace { entries: [Event!]!, containments: [Event!]!, truncated: Boolean! }
  type LotConnection { nodes: [Lot!]!, edges: [LotEdge!]!, totalCount: Int!, summary: Summary! }
  type LotEdge { cursor: String!, node: Lot! }
  type Summary { byStatus: [StatusCount!]!, byParty: [PartyCount!]! }
  type StatusCount { status: String!, count: Int! }
  type PartyCount { party: String!, count: Int! }
  type Lot { id: ID!, units(first: Int): [Unit!]!, parent: Lot }
  type Unit { epc: String!, events(first: Int): [Event!]! }
  type Event { id: ID!, a: Int, b: Int, c: Int, d: Int, e: Int, f: Int, g: Int, h: Int, i: Int, j: Int }
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

  it("multiplies a connection's page by first, and its other fields (a summary) once", () => {
    // Page: 1 + 40 × (1 + node(1 + 1 + units 1 + 50 × 1)) ≈ 2,200. Summary: 2 × (1 + 50 × 2) ≈ 200.
    // Multiplying the summary by first as well would give 40 × 200 = 8,000 more, over 10,000.
    const page = 'edges { cursor node { id units { epc } } }';
    const summary = 'summary { byStatus { status count } byParty { party count } } totalCount';
    expect(errorsOf(`{ lots(first: 40) { ${page} ${summary} } }`)).toEqual([]);
    // The page still grows with first, through fragments too.
    expect(
      errorsOf(`fragment P on LotConnection { ${page} } { lots(first: 400) { ...P ${summary} } }`),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }]);
    expect(errorsOf(`{ lots(first: 400) { ${summary} } }`)).toEqual([]);
  });

  it('costs a single object taking a first (a trace) like a connection: its entries by first, its schema default when absent', () => {
    const entry = 'id a b c d e f g h i j';
    // 1,000 entries of 11 fields: over 10,000, whether first is given or the schema's default.
    expect(errorsOf(`{ trace(first: 1000) { entries { ${entry} } } }`)).toEqual([
      { code: 'QUERY_TOO_COMPLEX', limit: 'cost' },
    ]);
    expect(errorsOf(`{ trace { entries { ${entry} } } }`)).toEqual([
      { code: 'QUERY_TOO_COMPLEX', limit: 'cost' },
    ]);
    expect(errorsOf(`{ trace(first: 100) { entries { ${entry} } } }`)).toEqual([]);
    // The trace itself and its other fields count once, not a thousand times; its other lists
    // count the default list size: 11 fields of 50 containments pass, of 1,000 they would not.
    expect(errorsOf('{ trace(first: 1000) { truncated entries { id } } }')).toEqual([]);
    expect(
      errorsOf(`{ trace(first: 1000) { truncated entries { id } containments { ${entry} } } }`),
    ).toEqual([]);
  });

  it('checks the cost without variables only for operations that declare none (a cached validation sees none)', () => {
    const huge =
      '{ lots(first: 100) { nodes { units(first: 100) { events(first: 100) { id } } } } }';
    const staticOnly = (query: string) =>
      validate(schema, parse(query), [queryLimitsRule(limits)]).map((e) => e.extensions);
    // No variables: the cost is the same for every request, so validation checks it.
    expect(staticOnly(huge)).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }]);
    // A page size from a variable: left to the per-request check, which knows its value.
    const paged =
      'query($n: Int) { lots(first: $n) { nodes { units(first: 100) { events(first: 100) { id } } } } }';
    expect(staticOnly(paged)).toEqual([]);
    expect(errorsOf(paged, { n: 100 })).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }]);
    expect(
      staticOnly(
        '{ a: lot(id: 1) { id } b: lot(id: 2) { id } c: lot(id: 3) { id } d: lot(id: 4) { id } }',
      ),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' }]);
  });

  it("reads a variable's declared default when the request leaves it out", () => {
    const query = 'query($n: Int = 1000) { lots(first: $n) { nodes { units { events { id } } } } }';
    expect(errorsOf(query)).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }]);
    expect(errorsOf(query, { n: 1 })).toEqual([]);
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
