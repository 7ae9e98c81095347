import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { countRows } from '../db/catalog-page.queries.js';
import type { EventIdentifiersTable } from '../db/database.js';
import { eventsQuery, findEvents } from '../db/events.queries.js';
import { EventOrder, IdentifierRole, type EventOrderValue } from '../schema/event.enums.js';
import { EventFilter, eventQueryOf } from '../schema/event.filter.js';
import {
  BizTransaction,
  EpcisEvent,
  EventConnection,
  EventIdentifier,
  SensorReading,
} from '../schema/event.type.js';
import { Location } from '../schema/location.type.js';
import { PageArgs, pageRequest } from '../schema/page.args.js';
import { connectionOf } from '../schema/page.connection.js';
import { Organization } from '../schema/party.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import { eventNode, locationNode, maybe, organizationNode } from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

/** EPCIS events with EPCIS-query-style filters, and their nested detail. */
@Resolver(() => EpcisEvent)
export class EventsResolver {
  @Authorized('read')
  @Query(() => EpcisEvent, {
    nullable: true,
    description: 'An event by eventID; null when unknown.',
  })
  async event(
    @Ctx() ctx: RequestContext,
    @Arg('eventId', () => String) eventId: string,
  ): Promise<Plain<EpcisEvent> | null> {
    return maybe(await loadersOf(ctx).event.load(eventId.trim()), eventNode);
  }

  @Authorized('read')
  @Query(() => EventConnection, {
    description:
      'Events matching the filter (EPCIS query semantics: MATCH_epc, MATCH_anyEPC, EQ_bizStep, GE/LT_eventTime, …), ordered by eventTime then eventId. Retracted events are included and flagged unless filter.retracted says otherwise.',
  })
  events(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
    @Arg('orderBy', () => EventOrder, { defaultValue: EventOrder.EVENT_TIME_ASC })
    orderBy: EventOrderValue = EventOrder.EVENT_TIME_ASC,
  ): Promise<ConnectionShape<Plain<EpcisEvent>>> {
    const f = eventQueryOf(filter);
    // The order is part of the cursor's list name: a cursor of one order is refused by the other.
    const list = `events:${orderBy}`;
    const p = pageRequest(page, list, 2);
    return findEvents(ctx.db, f, p, orderBy === EventOrder.EVENT_TIME_DESC).then((r) =>
      connectionOf(r, list, eventNode, () => countRows(eventsQuery(ctx.db, f))),
    );
  }

  @FieldResolver(() => [EventIdentifier], {
    description: 'Identifiers the event names (and the instances it moved inside them), by role.',
  })
  async identifiers(
    @Root() e: EpcisEvent,
    @Ctx() ctx: RequestContext,
    @Arg('role', () => [IdentifierRole], { nullable: true, description: 'Only these roles.' })
    role?: EventIdentifiersTable['role'][] | null,
  ): Promise<Plain<EventIdentifier>[]> {
    const all = await loadersOf(ctx).eventIdentifiers.load(e.eventId);
    return role == null ? all : all.filter((i) => role.includes(i.role));
  }

  @FieldResolver(() => [BizTransaction])
  bizTransactions(
    @Root() e: EpcisEvent,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<BizTransaction>[]> {
    return loadersOf(ctx).bizTransactions.load(e.eventId);
  }

  @FieldResolver(() => [SensorReading])
  sensorReadings(
    @Root() e: EpcisEvent,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<SensorReading>[]> {
    return loadersOf(ctx).sensorReadings.load(e.eventId);
  }

  @FieldResolver(() => Location, {
    nullable: true,
    description: 'The site of bizLocation, else of readPoint.',
  })
  async location(
    @Root() e: EpcisEvent,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location> | null> {
    const id = e.bizLocation ?? e.readPoint;
    return id === null ? null : maybe(await loadersOf(ctx).location.load(id), locationNode);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The capturing organisation.' })
  async capturedBy(
    @Root() e: EpcisEvent,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Organization> | null> {
    return maybe(await loadersOf(ctx).organization.load(e.capturedByMsp), organizationNode);
  }
}
