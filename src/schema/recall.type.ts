import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { LineageKind } from '../db/database.js';
import type { NodeKind as Kind } from '../db/lineage.queries.js';
import type { ItemStatus as Status } from '../db/recall.queries.js';
import { LineageEdgeKind, NodeKind } from './lineage.enums.js';
import { PageInfo } from './page.type.js';
import { ItemStatus } from './recall.enums.js';
import { RecallSummary } from './recall-summary.type.js';
import { BlockNumberScalar } from './scalars.js';

/** The edge that made an item affected. */
@ObjectType({ description: 'The lineage edge by which an item joined the affected set.' })
export class RecallReachedVia {
  @Field(() => LineageEdgeKind) kind!: LineageKind;
  @Field(() => String, { description: 'The affected node the edge leaves.' }) from!: string;
  @Field(() => String) eventId!: string;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** One affected item. */
@ObjectType({
  description:
    'An affected lot, unit or container with its latest state in the mirror (custodian, location and status are current, whatever asOf).',
})
export class RecallItem {
  @Field(() => String) id!: string;
  @Field(() => NodeKind) kind!: Kind;
  @Field(() => ItemStatus) status!: Status;
  @Field(() => String, { nullable: true }) lotClass!: string | null;
  @Field(() => String, { nullable: true }) gtin!: string | null;
  @Field(() => String, { nullable: true, description: 'Owning organisation (MSP id).' }) ownerMsp!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Owning party (PGLN).' }) ownerParty!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Possessing party (PGLN).' })
  possessorParty!: string | null;
  @Field(() => String, { nullable: true, description: 'Organisation of the possessing party.' })
  possessorMsp!: string | null;
  @Field(() => String, { nullable: true, description: 'SGLN of the last event.' }) location!:
    string | null;
  @Field(() => String, { nullable: true }) locationName!: string | null;
  @Field(() => String, { nullable: true, description: 'Latest CBV disposition.' }) disposition!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Direct container holding it at asOf.' })
  container!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Outermost container holding it at asOf (the pallet).',
  })
  topContainer!: string | null;
  @Field(() => String, { nullable: true }) inTransitToMsp!: string | null;
  @Field(() => String, { nullable: true }) inTransitToParty!: string | null;
  @Field(() => String, { nullable: true }) inTransitToLocation!: string | null;
  @Field(() => String, { nullable: true }) lastEventId!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) lastEventTime!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'Transaction that wrote the state shown; null when the mirror holds none.',
  })
  txId!: string | null;
  @Field(() => BlockNumberScalar, { nullable: true }) blockNumber!: bigint | null;
  @Field(() => RecallReachedVia, {
    nullable: true,
    description:
      'Null for the recalled lots themselves, and for a lot named because serials made from the recalled goods belong to it (no edge leads to it; its serials show how they were reached).',
  })
  reachedVia!: RecallReachedVia | null;
}

/** A page entry. */
@ObjectType({ description: 'An affected item and its cursor.' })
export class RecallItemEdge {
  @Field(() => String) cursor!: string;
  @Field(() => RecallItem) node!: RecallItem;
}

/** A recall record. */
@ObjectType({ description: 'A recall as recorded on the ledger.' })
export class RecallImpactRecall {
  @Field(() => String) recallId!: string;
  @Field(() => String, { description: 'FDA class I, II or III.' }) classification!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'open or closed.' }) status!: string;
  @Field(() => String) initiatedByMsp!: string;
  @Field(() => GraphQLDateTime) initiatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => [String]) lotClasses!: string[];
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** The answer of `recallImpact`. */
@ObjectType({
  description: 'Everything affected by a recall: a summary over all of it and one page of items.',
})
export class RecallImpactConnection {
  @Field(() => [String], { description: 'The recalled lots the walk started from.' })
  roots!: string[];
  @Field(() => GraphQLDateTime, { description: 'The instant whose lineage graph was walked.' })
  asOf!: Date;
  @Field(() => RecallImpactRecall, {
    nullable: true,
    description: 'The recall record, when asked by recallId or when the lot is under one.',
  })
  recall!: RecallImpactRecall | null;
  @Field(() => Int, { description: 'Affected items in all (lots, units, containers).' })
  totalCount!: number;
  @Field(() => RecallSummary) summary!: RecallSummary;
  @Field(() => [RecallItemEdge], { description: 'Items ordered by id.' }) edges!: RecallItemEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
