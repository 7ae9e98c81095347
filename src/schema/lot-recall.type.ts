/** A recall record as a Node (fetchable by id, pushed by recallUpdated). */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { BlockNumberScalar } from './scalars.js';

/** A recall of one or more lots. */
@ObjectType('Recall', {
  implements: Node,
  description: 'A recall of lots as last recorded on the ledger.',
})
export class Recall implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String) recallId!: string;
  @Field(() => String, { description: 'FDA class I, II or III.' }) classification!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'open or closed.' }) status!: string;
  @Field(() => String, { description: 'Organisation that initiated the recall (MSP id).' })
  initiatedByMsp!: string;
  @Field(() => GraphQLDateTime) initiatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => [String], { description: 'lgtin class URNs of the recalled lots.' })
  lotClasses!: string[];
  @Field(() => String, {
    description: 'Transaction of the latest recall record; prove it with proof(txId).',
  })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}
