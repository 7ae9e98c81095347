/** Shipments: one identifier of a shipping event, paired with the receiving event that ended it. */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';
import type { ShipmentQuery } from '../db/catalog-shipments.queries.js';
import { listFilter, timeRange, urnFilter } from './page.filters.js';

/** One shipped identifier and its receipt. */
@ObjectType('Shipment', {
  implements: Node,
  description:
    'One identifier (the shipped parent, else each object) of a shipping event, and the receiving event that ended its transit. Shipping events later declared erroneous are left out.',
})
export class Shipment implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'eventID of the shipping event.' }) shipEventId!: string;
  @Field(() => String, { description: 'EPC URN, or class URN for a quantity.' })
  identifier!: string;
  @Field(() => Boolean, { description: 'True for a class (lot) quantity.' }) isClass!: boolean;
  @Field(() => Float, { nullable: true }) quantity!: number | null;
  @Field(() => String, { nullable: true }) uom!: string | null;
  @Field(() => GraphQLDateTime) shipTime!: Date;
  @Field(() => String, { description: 'Organisation that captured the shipping event (MSP id).' })
  shippedByMsp!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Source owning (else possessing) party, PGLN.',
  })
  fromParty!: string | null;
  @Field(() => String, { nullable: true, description: 'Source location, SGLN.' }) fromLocationId!:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Destination owning (else possessing) party, PGLN.',
  })
  toParty!: string | null;
  @Field(() => String, { nullable: true, description: 'Destination location, SGLN.' })
  toLocationId!: string | null;
  @Field(() => Boolean, { description: 'True while no receiving event has ended the transit.' })
  inTransit!: boolean;
  @Field(() => String, { nullable: true }) receiveEventId!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) receiveTime!: Date | null;
  @Field(() => String, { nullable: true }) receivedByMsp!: string | null;
  @Field(() => Float, { nullable: true, description: 'receiveTime - shipTime in seconds.' })
  transitSeconds!: number | null;
  @Field(() => String, {
    description: 'Transaction of the shipping event; prove it with proof(txId).',
  })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
  @Field(() => String, { nullable: true, description: 'Transaction of the receiving event.' })
  receiveTxId!: string | null;
  @Field(() => BlockNumberScalar, { nullable: true }) receiveBlockNumber!: bigint | null;
}

/** Filters of `shipments`; all given conditions must hold. */
@InputType({
  description: 'Shipment filters; every condition given must hold, list values are alternatives.',
})
export class ShipmentFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only shipments not received yet; false: only received ones.',
  })
  inTransit?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'Source parties (PGLN).' }) fromParty?:
    string[] | null;
  @Field(() => [String], { nullable: true, description: 'Source locations (SGLN).' })
  fromLocation?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Destination parties (PGLN).' }) toParty?:
    string[] | null;
  @Field(() => [String], { nullable: true, description: 'Destination locations (SGLN).' })
  toLocation?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Shipping organisations (MSP ids).' })
  shippedByMsp?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Shipped identifiers (EPC or class URNs).',
  })
  identifier?: string[] | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Shipped at or after this instant.',
  })
  shippedFrom?: Date | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Shipped before this instant (exclusive).',
  })
  shippedTo?: Date | null;
}

/** A page of shipments. */
@ObjectType()
export class ShipmentConnection extends Connection(Shipment, 'Shipment') {}

/**
 * The checked conditions of a ShipmentFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function shipmentQueryOf(f: ShipmentFilter | null | undefined): ShipmentQuery {
  const range = timeRange(f?.shippedFrom, f?.shippedTo, 'filter.shippedTo');
  return {
    inTransit: f?.inTransit ?? null,
    fromParty: urnFilter(f?.fromParty, 'filter.fromParty'),
    fromLocation: urnFilter(f?.fromLocation, 'filter.fromLocation'),
    toParty: urnFilter(f?.toParty, 'filter.toParty'),
    toLocation: urnFilter(f?.toLocation, 'filter.toLocation'),
    shippedByMsp: listFilter(f?.shippedByMsp, 'filter.shippedByMsp'),
    identifier: urnFilter(f?.identifier, 'filter.identifier'),
    shippedFrom: range.from,
    shippedTo: range.to,
  };
}
