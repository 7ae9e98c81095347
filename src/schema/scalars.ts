/** Custom scalars. */
import { GraphQLScalarType, Kind } from 'graphql';

/**
 * A Fabric block number: bigint inside the service, a JSON number on the wire (block heights stay
 * far below 2^53, and BI tools want numbers). Refuses to serialize an unsafe value rather than
 * round it.
 */
export const BlockNumberScalar = new GraphQLScalarType<bigint, number>({
  name: 'BlockNumber',
  description: 'A Fabric block number (non-negative integer).',
  serialize(value) {
    const n = typeof value === 'bigint' ? value : BigInt(value as number | string);
    if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER))
      throw new TypeError(`block number out of range: ${n}`);
    return Number(n);
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new TypeError('BlockNumber must be a non-negative integer');
    }
    return BigInt(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new TypeError('BlockNumber must be a non-negative integer');
    const n = BigInt(ast.value);
    if (n < 0n) throw new TypeError('BlockNumber must be a non-negative integer');
    return n;
  },
});
