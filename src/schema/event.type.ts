/** EPCIS events as captured on the ledger, flattened for querying. */
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { EventIdentifiersTable } from '../db/database.js';
import { EventType, IdentifierRole, type EventTypeValue } from './event.enums.js';
import { Node } from './node.type.js';
import { Connection } from './page.type.js';
import { BlockNumberScalar } from './scalars.js';

/** A captured EPCIS event. */
@ObjectType('Event', {
  implements: Node,
  description:
    'An EPCIS 2.0 event as captured on the ledger. A retracted event (errorDeclaration) is still listed, flagged, and no longer counts for lineage, custody or transit.',
})
export class EpcisEvent implements Node {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'EPCIS eventID (opaque).' }) eventId!: string;
  @Field(() => Boolean, {
    description: 'True when the contract derived eventId because the capture gave none.',
  })
  eventIdGenerated!: boolean;
  @Field(() => EventType) eventType!: EventTypeValue;
  @Field(() => GraphQLDateTime) eventTime!: Date;
  @Field(() => String, { description: 'eventTimeZoneOffset as captured, e.g. +01:00.' })
  eventTimeZoneOffset!: string;
  @Field(() => String, { nullable: true, description: 'ADD, OBSERVE or DELETE.' }) action!:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'CBV short name (e.g. shipping), else the URI given.',
  })
  bizStep!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'CBV short name (e.g. in_transit), else the URI given.',
  })
  disposition!: string | null;
  @Field(() => String, { nullable: true, description: 'SGLN of readPoint.' }) readPoint!:
    string | null;
  @Field(() => String, { nullable: true, description: 'SGLN of bizLocation.' }) bizLocation!:
    string | null;
  @Field(() => String, { nullable: true }) parentId!: string | null;
  @Field(() => String, { nullable: true }) transformationId!: string | null;
  @Field(() => String, { description: 'Organisation that captured the event (MSP id).' })
  capturedByMsp!: string;
  @Field(() => String, {
    nullable: true,
    description: "Hex SHA-256 of the contract's canonical form.",
  })
  contentHash!: string | null;
  @Field(() => [String], { description: 'Lot classes whose state the event changed.' })
  affectedLots!: string[];
  @Field(() => [String], { description: 'Identifiers the ledger had not seen before this event.' })
  unverifiedIdentifiers!: string[];
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Instance/lot master data (ilmd) as captured.',
  })
  ilmd!: unknown;
  @Field(() => GraphQLJSON, { description: 'The event exactly as submitted, extensions included.' })
  document!: unknown;
  @Field(() => Boolean, {
    description: 'True once an errorDeclaration declared the event erroneous.',
  })
  retracted!: boolean;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'errorDeclaration.declarationTime.',
  })
  retractionTime!: Date | null;
  @Field(() => String, { nullable: true, description: 'errorDeclaration.reason.' })
  retractionReason!: string | null;
  @Field(() => [String], { nullable: true, description: 'errorDeclaration.correctiveEventIDs.' })
  correctiveEventIds!: string[] | null;
  @Field(() => String, {
    nullable: true,
    description: 'Transaction that recorded the errorDeclaration.',
  })
  retractedTxId!: string | null;
  @Field(() => BlockNumberScalar, { nullable: true }) retractedBlockNumber!: bigint | null;
  @Field(() => String, {
    description: 'Transaction that captured the event; prove it with proof(txId).',
  })
  txId!: string;
  @Field(() => BlockNumberScalar) blockNumber!: bigint;
  @Field(() => Int, { description: 'Position of the transaction in its block.' }) txIndex!: number;
}

/** An identifier an event names. */
@ObjectType({
  description: 'An identifier (instance or class quantity) named by an event, with its role.',
})
export class EventIdentifier {
  @Field(() => String) eventId!: string;
  @Field(() => IdentifierRole) role!: EventIdentifiersTable['role'];
  @Field(() => String, { description: 'EPC URN or class URN.' }) identifier!: string;
  @Field(() => Boolean) isClass!: boolean;
  @Field(() => Float, { nullable: true }) quantity!: number | null;
  @Field(() => String, { nullable: true }) uom!: string | null;
}

/** A business transaction reference of an event. */
@ObjectType({ description: 'A bizTransactionList entry (po, desadv, …).' })
export class BizTransaction {
  @Field(() => String, {
    description: 'Type as captured (CBV short name or URI); empty when none was given.',
  })
  type!: string;
  @Field(() => String) value!: string;
}

/** One sensor report of an event. */
@ObjectType({ description: 'One sensor report; temperatures are also given in degrees Celsius.' })
export class SensorReading {
  @Field(() => Int) readingIndex!: number;
  @Field(() => String) type!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float, { nullable: true }) minValue!: number | null;
  @Field(() => Float, { nullable: true }) maxValue!: number | null;
  @Field(() => String, { nullable: true }) uom!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) time!: Date | null;
  @Field(() => String, { nullable: true }) deviceId!: string | null;
  @Field(() => String, { nullable: true, description: 'Alert condition the sensor declared.' })
  exception!: string | null;
  @Field(() => Float, { nullable: true }) temperatureMinC!: number | null;
  @Field(() => Float, { nullable: true }) temperatureMaxC!: number | null;
}

/** A page of events. */
@ObjectType()
export class EventConnection extends Connection(EpcisEvent, 'Event') {}
