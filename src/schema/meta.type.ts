import { Field, Float, ObjectType } from 'type-graphql';
import { BlockNumberScalar } from './scalars.js';

/** How far the mirror is behind the ledger. */
@ObjectType({ description: 'Indexer progress: what the mirror holds against the ledger.' })
export class Meta {
  @Field(() => String, { description: 'Channel the mirror follows.' })
  channel!: string;

  @Field(() => BlockNumberScalar, {
    nullable: true,
    description: 'Highest block in the mirror; null before the first block is indexed.',
  })
  indexedHeight!: bigint | null;

  @Field(() => BlockNumberScalar, {
    nullable: true,
    description: 'Chain height last reported by a peer; null when the ledger has not been reached.',
  })
  chainHeight!: bigint | null;

  @Field(() => BlockNumberScalar, {
    nullable: true,
    description: 'chainHeight - 1 - indexedHeight.',
  })
  lagBlocks!: bigint | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds between now and the commit time of the last indexed block.',
  })
  lagSeconds!: number | null;
}
