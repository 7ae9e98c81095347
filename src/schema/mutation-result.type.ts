import { GraphQLJSON } from 'graphql-scalars';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BlockNumberScalar } from './scalars.js';

/** When a mutation returns: once its block committed, or once the mirror has indexed it too. */
export const WriteConsistency = { COMMITTED: 'COMMITTED', INDEXED: 'INDEXED' } as const;

/** One of the WriteConsistency values. */
export type WriteConsistencyValue = (typeof WriteConsistency)[keyof typeof WriteConsistency];

registerEnumType(WriteConsistency, {
  name: 'WriteConsistency',
  description: 'When a mutation returns.',
  valuesConfig: {
    COMMITTED: { description: 'Once the transaction committed as VALID in a block.' },
    INDEXED: {
      description:
        'Once the indexer has also passed that block, so queries see the write (read-your-writes).',
    },
  },
});

/** The arguments every mutation takes besides its input. */
@ArgsType()
export class WriteOptionsArgs {
  @Field(() => WriteConsistency, {
    defaultValue: WriteConsistency.COMMITTED,
    description: 'When to return; INDEXED waits (bounded) for the mirror.',
  })
  consistency!: WriteConsistencyValue;

  @Field(() => String, {
    nullable: true,
    description:
      'Retrying with the same key (per API key) returns the first result and submits nothing new, until IDEMPOTENCY_RETENTION_HOURS (7 days by default) have passed since it settled.',
  })
  idempotencyKey?: string | null;
}

/** What a mutation wrote, where, and the proof of it. */
@ObjectType({ description: 'A committed ledger transaction, its records and its proof.' })
export class LedgerWriteResult {
  @Field(() => String, { description: 'Fabric transaction id.' })
  txId!: string;

  @Field(() => BlockNumberScalar, { description: 'Block the transaction committed in.' })
  blockNumber!: bigint;

  @Field(() => Int, { description: 'Fabric validation code; 0 is VALID.' })
  validationCode!: number;

  @Field(() => GraphQLJSON, {
    description:
      'The records the transaction wrote (LedgerPayload records, from its chaincode event in the block).',
  })
  records!: unknown;

  @Field(() => GraphQLJSON, {
    description: 'ProofBundle (version 1) for the transaction; verify offline with verify-proof.',
  })
  proof!: unknown;
}
