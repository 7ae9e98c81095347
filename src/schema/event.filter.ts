/** Event filters in the spirit of the EPCIS 2.0 query parameters (MATCH_epc, EQ_bizStep, …). */
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { EventType, type EventTypeValue } from './event.enums.js';
import { BlockNumberScalar } from './scalars.js';
import type { EventQuery } from '../db/events.queries.js';
import { listFilter, timeRange, urnFilter } from './page.filters.js';

/** Conditions shared by queries and subscriptions. */
@InputType({
  description: 'Event conditions; every condition given must hold, list values are alternatives.',
})
export class EventSubscriptionFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'MATCH_epc: an instance in epcList (or childEPCs of an AggregationEvent).',
  })
  epc?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'MATCH_anyEPC: an instance in parentID, epcList, childEPCs, inputEPCList or outputEPCList.',
  })
  anyEPC?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Like anyEPC, and also instances inside a named container the event moved (e.g. units on a shipped pallet).',
  })
  affectedEPC?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'MATCH_anyEPCClass: a class (lot) in any quantity list.',
  })
  anyEPCClass?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'EQ_bizStep: CBV short names (shipping) or URIs.',
  })
  bizStep?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'EQ_disposition: CBV short names or URIs.',
  })
  disposition?: string[] | null;

  @Field(() => [EventType], { nullable: true, description: 'eventType.' })
  eventType?: EventTypeValue[] | null;

  @Field(() => [String], { nullable: true, description: 'SGLN of bizLocation or readPoint.' })
  location?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'MATCH_parentID.' })
  parentId?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Organisations that captured the event (MSP ids).',
  })
  capturedByMsp?: string[] | null;
}

/** Conditions of `events`. */
@InputType({
  description: 'Event filters; every condition given must hold, list values are alternatives.',
})
export class EventFilter extends EventSubscriptionFilter {
  @Field(() => [String], { nullable: true, description: 'eventIDs.' })
  eventId?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'PGLNs named as source or destination owning/possessing party.',
  })
  party?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'bizTransactionList values (purchase order, despatch advice, …).',
  })
  bizTransaction?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'transformationIDs.' })
  transformationId?: string[] | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'GE_eventTime: at or after this instant.',
  })
  from?: Date | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'LT_eventTime: before this instant (exclusive).',
  })
  to?: Date | null;

  @Field(() => BlockNumberScalar, {
    nullable: true,
    description: 'Captured in this block or later: incremental extraction for BI tools.',
  })
  fromBlock?: bigint | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only retracted events; false: only events that still count. Default: both.',
  })
  retracted?: boolean | null;
}

/**
 * The checked conditions shared by EventFilter and EventSubscriptionFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function eventConditionsOf(f: EventSubscriptionFilter | null | undefined): EventQuery {
  return {
    epc: urnFilter(f?.epc, 'filter.epc'),
    anyEPC: urnFilter(f?.anyEPC, 'filter.anyEPC'),
    affectedEPC: urnFilter(f?.affectedEPC, 'filter.affectedEPC'),
    anyEPCClass: urnFilter(f?.anyEPCClass, 'filter.anyEPCClass'),
    bizStep: listFilter(f?.bizStep, 'filter.bizStep'),
    disposition: listFilter(f?.disposition, 'filter.disposition'),
    eventType: f?.eventType == null ? undefined : listFilter(f.eventType, 'filter.eventType'),
    location: urnFilter(f?.location, 'filter.location'),
    parentId: urnFilter(f?.parentId, 'filter.parentId'),
    capturedByMsp: listFilter(f?.capturedByMsp, 'filter.capturedByMsp'),
  };
}

/**
 * The checked conditions of an EventFilter.
 * @throws BadUserInputError for a malformed condition.
 */
export function eventQueryOf(f: EventFilter | null | undefined): EventQuery {
  const range = timeRange(f?.from, f?.to, 'filter.to');
  return {
    ...eventConditionsOf(f),
    eventId: listFilter(f?.eventId, 'filter.eventId'),
    party: urnFilter(f?.party, 'filter.party'),
    bizTransaction: listFilter(f?.bizTransaction, 'filter.bizTransaction'),
    transformationId: listFilter(f?.transformationId, 'filter.transformationId'),
    from: range.from,
    to: range.to,
    fromBlock: f?.fromBlock ?? null,
    retracted: f?.retracted ?? null,
  };
}
