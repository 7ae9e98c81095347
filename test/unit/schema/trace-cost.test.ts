import { parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApiSchema } from '../../../src/schema/build-schema.js';
import { DEFAULT_QUERY_LIMITS, queryLimitsRule } from '../../../src/server/query-limits.js';

// Every field of a trace, the shape a frontend's "history" screen asks for.
const ENTRY = `eventId eventType eventTime action bizStep disposition readPoint bizLocation locationName
  roles containers parties { side type value } bizTransactions { type value } capturedByMsp
  excursion temperatureMinC temperatureMaxC txId blockNumber`;
const FULL_TRACE = `query ($epc: String!, $first: Int!) { trace(epc: $epc, first: $first) {
  epc kind truncated endCursor state { ownerMsp ownerParty location disposition parent txId blockNumber }
  containments { container depth from packEventId blockNumber closedTxId closedBlockNumber }
  entries { ${ENTRY} } } }`;

describe('the query cost of a trace, on the API schema (no database)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildApiSchema({ channel: 'supplychain' });
  });
  const codes = (first: number, maxCost = DEFAULT_QUERY_LIMITS.maxCost) =>
    validate(schema, parse(FULL_TRACE), [
      queryLimitsRule({ ...DEFAULT_QUERY_LIMITS, maxCost }, { epc: 'urn:x', first }),
    ]).map((e) => e.extensions.code);

  it('accepts every field of 1,000 entries: an entry counts its parties and business transactions as 4 each', () => {
    expect(codes(1000)).toEqual([]);
  });

  it('grows with first: the entries are counted first times, not at the default list size', () => {
    // About 40 per entry: 1,000 entries cost ~40,000, 100 entries ~4,000.
    expect(codes(1000, 30_000)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(100, 30_000)).toEqual([]);
  });
});
