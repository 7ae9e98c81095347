import { Extensions, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { NodeKind as Kind } from '../db/lineage.queries.js';
import { NodeKind } from './lineage.enums.js';
import { ASSUMED_SIZE } from '../server/query-limits.js';
import { BlockNumberScalar } from './scalars.js';

// An event declares a few parties and business transactions (the contract accepts 32 sources,
// 32 destinations and 32 business transactions at most):
// the query cost assumes this many per entry rather than the default list size, or a trace of
// 1,000 entries would count 50 of each.
const SMALL_LIST_SIZE = 4;
const SMALL_LIST = `As submitted; counted as ${SMALL_LIST_SIZE} toward the query cost.`;

/** Which side of an event a party was declared on. */
export const PartySide = { SOURCE: 'SOURCE', DESTINATION: 'DESTINATION' } as const;
registerEnumType(PartySide, {
  name: 'PartySide',
  description: 'EPCIS sourceList or destinationList.',
});

/** A time inside a container. */
@ObjectType({
  description:
    'An interval the traced object spent inside a container, with the packing edge’s provenance.',
})
export class TraceContainment {
  @Field(() => String) container!: string;
  @Field(() => Int, {
    description: '1: packed directly into it; 2: inside a container inside it; …',
  })
  depth!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The container below this one that held the object.',
  })
  via!: string | null;
  @Field(() => GraphQLDateTime) from!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Null while still inside.' })
  to!: Date | null;
  @Field(() => String, { description: 'The pack event of this container level.' })
  packEventId!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The event that ended this container level.',
  })
  unpackEventId!: string | null;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
  @Field(() => String, { nullable: true }) closedTxId!: string | null;
  @Field(() => BlockNumberScalar, { nullable: true }) closedBlockNumber!: bigint | null;
}

/** A declared party. */
@ObjectType({
  description:
    'A source or destination the event declared (as submitted; type shown as its CBV short name).',
})
export class TraceParty {
  @Field(() => PartySide) side!: 'SOURCE' | 'DESTINATION';
  @Field(() => String, { description: 'owning_party, possessing_party, location, or a URI.' })
  type!: string;
  @Field(() => String) value!: string;
}

/** A business transaction reference. */
@ObjectType({ description: 'A business transaction (po, desadv, …) the event refers to.' })
export class TraceBizTransaction {
  @Field(() => String) type!: string;
  @Field(() => String) value!: string;
}

/** One event of the history. */
@ObjectType({ description: 'One event in the history of the traced object.' })
export class TraceEntry {
  @Field(() => String) eventId!: string;
  @Field(() => String) eventType!: string;
  @Field(() => GraphQLDateTime) eventTime!: Date;
  @Field(() => String, { nullable: true }) action!: string | null;
  @Field(() => String, { nullable: true }) bizStep!: string | null;
  @Field(() => String, { nullable: true }) disposition!: string | null;
  @Field(() => String, { nullable: true }) readPoint!: string | null;
  @Field(() => String, { nullable: true }) bizLocation!: string | null;
  @Field(() => String, { nullable: true, description: 'Name of bizLocation (else readPoint).' })
  locationName!: string | null;
  @Field(() => [String], {
    description:
      'How the event named the object (epc, child, input, …; contained when the contract moved it with its container); empty when only a container was named.',
  })
  roles!: string[];
  @Field(() => [String], {
    description: 'Containers holding the object at the time that the event named.',
  })
  containers!: string[];
  @Field(() => [TraceParty], { description: SMALL_LIST })
  @Extensions({ [ASSUMED_SIZE]: SMALL_LIST_SIZE })
  parties!: TraceParty[];
  @Field(() => [TraceBizTransaction], { description: SMALL_LIST })
  @Extensions({ [ASSUMED_SIZE]: SMALL_LIST_SIZE })
  bizTransactions!: TraceBizTransaction[];
  @Field(() => String) capturedByMsp!: string;
  @Field(() => Boolean, { description: 'A sensor report of the event carries an alert condition.' })
  excursion!: boolean;
  @Field(() => Float, { nullable: true }) temperatureMinC!: number | null;
  @Field(() => Float, { nullable: true }) temperatureMaxC!: number | null;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Current state of the traced object. */
@ObjectType({ description: 'The latest state the ledger computed for the object.' })
export class TraceState {
  @Field(() => String, { nullable: true }) ownerMsp!: string | null;
  @Field(() => String, { nullable: true }) ownerParty!: string | null;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field(() => String, { nullable: true }) disposition!: string | null;
  @Field(() => String, { nullable: true, description: 'Current container.' }) parent!:
    string | null;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** The answer of `trace`. */
@ObjectType({ description: 'The history of one object, its containers’ movements included.' })
export class Trace {
  @Field(() => String) epc!: string;
  @Field(() => NodeKind) kind!: Kind;
  @Field(() => TraceState, { nullable: true }) state!: TraceState | null;
  @Field(() => [TraceContainment], { description: 'Ordered by start.' })
  containments!: TraceContainment[];
  @Field(() => [TraceEntry], { description: 'Oldest first (event time, then ledger order).' })
  entries!: TraceEntry[];
  @Field(() => Boolean, {
    description: 'More entries follow the last one shown: ask again with after: endCursor.',
  })
  truncated!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last entry shown (null when none), for `trace(after:)`.',
  })
  endCursor!: string | null;
}
