import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectedFields } from '../../../src/resolvers/selection.js';

const schema = buildSchema(`
  type Node { id: String kind: String }
  type Edge { from: String kind: String }
  type Lineage { nodes: [Node] edges: [Edge] }
  type Query { lineage: Lineage }
`);

/** The resolve info `lineage` receives when `query` runs. */
async function infoOf(query: string): Promise<GraphQLResolveInfo> {
  let captured: GraphQLResolveInfo | undefined;
  const rootValue = {
    lineage: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      captured = info;
      return { nodes: [], edges: [] };
    },
  };
  const result = await graphql({ schema, source: query, rootValue });
  expect(result.errors).toBeUndefined();
  if (captured === undefined) throw new Error('lineage was not resolved');
  return captured;
}

const fieldsOf = async (query: string, path: string[]): Promise<string[]> =>
  [...selectedFields(await infoOf(query), path)].sort();

describe('selectedFields (graphql-js executing a stub schema)', () => {
  it('names the fields at a path by field name, not alias', async () => {
    const query = '{ lineage { n: nodes { id k: kind } edges { from } } }';
    expect(await fieldsOf(query, ['nodes'])).toEqual(['id', 'kind']);
    expect(await fieldsOf(query, ['edges'])).toEqual(['from']);
    expect(await fieldsOf(query, [])).toEqual(['edges', 'nodes']);
  });

  it('keeps paths apart: a field of the same name elsewhere does not count', async () => {
    const query = '{ lineage { nodes { id } edges { kind } } }';
    expect(await fieldsOf(query, ['nodes'])).toEqual(['id']);
  });

  it('looks through inline and named fragments and merges repeated selections', async () => {
    expect(
      await fieldsOf('{ lineage { nodes { id ... on Node { kind } } nodes { id } } }', ['nodes']),
    ).toEqual(['id', 'kind']);
    const named =
      'query { lineage { ...L } } fragment L on Lineage { nodes { ...N } } fragment N on Node { kind }';
    expect(await fieldsOf(named, ['nodes'])).toEqual(['kind']);
  });

  it('counts a field under @skip or @include as selected', async () => {
    const query = '{ lineage { nodes { id kind @skip(if: true) } } }';
    expect(await fieldsOf(query, ['nodes'])).toEqual(['id', 'kind']);
  });
});
