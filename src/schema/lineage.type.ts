import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { LineageKind } from '../db/database.js';
import type { NodeKind as Kind } from '../db/lineage.queries.js';
import { LineageEdgeKind, NodeKind } from './lineage.enums.js';
import { BlockNumberScalar } from './scalars.js';

/** A node of a lineage answer. */
@ObjectType({
  description: 'An identifier reached by the walk, with its distance from the root.',
  simpleResolvers: true,
})
export class LineageNode {
  @Field(() => String, { description: 'EPC URN of an instance or class URN of a lot.' })
  id!: string;

  // Absent unless the operation selects it (the resolver then asks findLineage for kinds).
  @Field(() => NodeKind, { description: 'What the identifier is.' })
  kind?: Kind;

  @Field(() => Int, { description: 'Fewest hops from the root (0 for the root).' })
  depth!: number;
}

/**
 * An edge of a lineage answer, with provenance. The provenance fields (all but from, to, kind and
 * validFrom) are absent when the operation selects none of them: the resolver then asks
 * findLineage to leave them out.
 */
@ObjectType({
  description:
    'A lineage edge, the event that made it and the ledger transaction that recorded it.',
  simpleResolvers: true,
})
export class LineageEdge {
  @Field(() => String, { description: 'Input, lot, or packed child.' })
  from!: string;

  @Field(() => String, { description: 'Output, serial, or container.' })
  to!: string;

  @Field(() => LineageEdgeKind)
  kind!: LineageKind;

  @Field(() => String, {
    description:
      'EPCIS eventID that created the edge (for lot membership: the commissioning event).',
  })
  eventId?: string;

  @Field(() => String, {
    description: 'Transaction that recorded the event; prove it with proof(txId).',
  })
  txId?: string;

  @Field(() => BlockNumberScalar)
  blockNumber?: bigint;

  @Field(() => GraphQLDateTime, { description: 'Event time from which the edge holds.' })
  validFrom!: Date;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Event time of the unpack that ended an aggregation; null while it holds.',
  })
  validTo?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'eventID of the unpack (or re-pack elsewhere) that ended the edge.',
  })
  closedByEventId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Transaction that recorded the closing event.',
  })
  closedTxId?: string | null;

  @Field(() => BlockNumberScalar, { nullable: true })
  closedBlockNumber?: bigint | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Quantity of a class input used (transformations).',
  })
  fromQuantity?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'UN/CEFACT unit of fromQuantity; null means a count.',
  })
  fromUom?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Quantity of a class output produced (transformations).',
  })
  toQuantity?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'UN/CEFACT unit of toQuantity; null means a count.',
  })
  toUom?: string | null;
}

/** The answer of `lineage`. */
@ObjectType({ description: 'The lineage graph around one identifier.' })
export class Lineage {
  @Field(() => String)
  root!: string;

  @Field(() => [LineageNode], {
    description: 'Every node reached, ordered by depth then id; the root first.',
  })
  nodes!: LineageNode[];

  @Field(() => [LineageEdge], { description: 'Every edge followed, ordered by validFrom.' })
  edges!: LineageEdge[];

  @Field(() => Boolean, {
    description:
      'True when the graph goes on beyond maxDepth: ask again from a frontier node or with a larger maxDepth.',
  })
  truncated!: boolean;
}
