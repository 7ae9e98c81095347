import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ItemStatus as Status } from '../db/recall.queries.js';
import type { NodeKind as Kind } from '../db/lineage.queries.js';
import { NodeKind } from './lineage.enums.js';
import { LotQuantity } from './lot.type.js';
import { ItemStatus } from './recall.enums.js';
import { BlockNumberScalar } from './scalars.js';

/** Items of one kind. */
@ObjectType({ description: 'Affected items of one kind.' })
export class RecallKindCount {
  @Field(() => NodeKind)
  kind!: Kind;

  @Field(() => Int)
  count!: number;
}

/** Items in one status. */
@ObjectType({ description: 'Affected units and containers in one status (lots are not counted).' })
export class RecallStatusCount {
  @Field(() => ItemStatus)
  status!: Status;

  @Field(() => Int)
  count!: number;
}

/** Items held by one owner. */
@ObjectType({ description: 'Affected units and containers by current owner.' })
export class RecallPartyCount {
  @Field(() => String, { nullable: true, description: 'Owning organisation (MSP id).' })
  ownerMsp!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Owning party (PGLN) when an event named one.',
  })
  ownerParty!: string | null;

  @Field(() => Int)
  count!: number;
}

/** Items at one location. */
@ObjectType({ description: 'Affected units and containers by location of their last event.' })
export class RecallLocationCount {
  @Field(() => String, { nullable: true, description: 'SGLN; null when no event gave a location.' })
  location!: string | null;

  @Field(() => String, { nullable: true, description: 'Registered name of the location.' })
  name!: string | null;

  @Field(() => Int)
  count!: number;
}

/** An affected lot. */
@ObjectType({ description: 'An affected lot and its quantities, as last recorded.' })
export class RecallAffectedLot {
  @Field(() => String) lotClass!: string;
  @Field(() => String) gtin!: string;
  @Field(() => String) lotNumber!: string;
  @Field(() => String, { nullable: true }) ownerMsp!: string | null;
  @Field(() => Float) quantityProduced!: number;
  @Field(() => Float, { description: 'Not yet consumed by transformations.' })
  quantityRemaining!: number;
  @Field(() => String, { nullable: true, description: 'UN/CEFACT unit; null means a count.' })
  uom!: string | null;
  @Field(() => String, { nullable: true }) disposition!: string | null;
  @Field(() => String, { nullable: true, description: 'Open recall covering the lot.' }) recallId!:
    string | null;
  @Field(() => [LotQuantity], {
    description: 'Quantities other organisations received by quantity and still hold.',
  })
  heldBy!: LotQuantity[];
  @Field(() => [LotQuantity], {
    description: 'Quantities shipped by quantity and not received yet, by destination.',
  })
  shippedTo!: LotQuantity[];
  @Field(() => String, { description: 'Transaction that wrote this lot state.' }) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** A shipment still in transit. */
@ObjectType({
  description: 'A shipment of affected goods (or of a container of some) not received yet.',
})
export class RecallOpenShipment {
  @Field(() => String) shipEventId!: string;
  @Field(() => String, { description: 'What was shipped: an affected item or its container.' })
  identifier!: string;
  @Field(() => GraphQLDateTime) shipTime!: Date;
  @Field(() => String) shippedByMsp!: string;
  @Field(() => String, { nullable: true }) sourceParty!: string | null;
  @Field(() => String, { nullable: true }) sourceLocation!: string | null;
  @Field(() => String, { nullable: true }) destinationParty!: string | null;
  @Field(() => String, { nullable: true }) destinationLocation!: string | null;
  @Field(() => Int, { description: 'Affected items travelling in it, itself included.' })
  affectedItems!: number;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** A temperature (or other sensor) alert on the way. */
@ObjectType({
  description:
    'A sensor report carrying an alert condition (exception) on an event that touched affected items, directly or inside a container, after the recalled goods came into being (earlier trips of a reused pallet are left out). The mirror holds no storage ranges, so only sensor-declared alerts count as excursions.',
})
export class RecallExcursion {
  @Field(() => String) eventId!: string;
  @Field(() => Int) readingIndex!: number;
  @Field(() => String, { nullable: true }) bizStep!: string | null;
  @Field(() => GraphQLDateTime) eventTime!: Date;
  @Field(() => String, { description: 'Sensor type, e.g. Temperature.' }) type!: string;
  @Field(() => String, { description: 'ALARM_CONDITION, ERROR_CONDITION or a URI.' })
  exception!: string;
  @Field(() => Float, { nullable: true }) temperatureMinC!: number | null;
  @Field(() => Float, { nullable: true }) temperatureMaxC!: number | null;
  @Field(() => String, { nullable: true }) deviceId!: string | null;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field(() => Int, { description: 'Affected items the event touched.' }) affectedItems!: number;
  @Field(() => String) txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
}

/** Counts over the whole affected set. */
@ObjectType({ description: 'Aggregates over every affected item (not just the page).' })
export class RecallSummary {
  @Field(() => [RecallKindCount]) byKind!: RecallKindCount[];
  @Field(() => [RecallStatusCount]) byStatus!: RecallStatusCount[];
  @Field(() => [RecallPartyCount]) byParty!: RecallPartyCount[];
  @Field(() => [RecallLocationCount]) byLocation!: RecallLocationCount[];
  @Field(() => [RecallAffectedLot]) lots!: RecallAffectedLot[];
  @Field(() => [RecallOpenShipment]) inTransit!: RecallOpenShipment[];
  @Field(() => [RecallExcursion]) excursions!: RecallExcursion[];
}
