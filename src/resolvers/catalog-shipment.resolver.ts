import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { countRows } from '../db/catalog-page.queries.js';
import { findShipments, shipmentsQuery } from '../db/catalog-shipments.queries.js';
import { EpcisEvent } from '../schema/event.type.js';
import { Identifier } from '../schema/identifier.type.js';
import { Location } from '../schema/location.type.js';
import { PageArgs, pageRequest } from '../schema/page.args.js';
import { connectionOf } from '../schema/page.connection.js';
import {
  Shipment,
  ShipmentConnection,
  ShipmentFilter,
  shipmentQueryOf,
} from '../schema/shipment.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import { eventNode, identifierNode, locationNode, maybe, shipmentNode } from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

/** Shipments and their nested fields. */
@Resolver(() => Shipment)
export class ShipmentResolver {
  @Authorized('read')
  @Query(() => ShipmentConnection, {
    description:
      'Shipped identifiers by ship time (then event, identifier), filtered by transit, origin, destination and time.',
  })
  shipments(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ShipmentFilter, { nullable: true }) filter?: ShipmentFilter | null,
  ): Promise<ConnectionShape<Plain<Shipment>>> {
    const f = shipmentQueryOf(filter);
    const p = pageRequest(page, 'shipments', 3);
    return findShipments(ctx.db, f, p).then((r) =>
      connectionOf(r, 'shipments', shipmentNode, () => countRows(shipmentsQuery(ctx.db, f))),
    );
  }

  @FieldResolver(() => [EpcisEvent], {
    description: 'The shipping event, then the receiving event once there is one.',
  })
  async events(@Root() s: Shipment, @Ctx() ctx: RequestContext): Promise<Plain<EpcisEvent>[]> {
    const ids = s.receiveEventId === null ? [s.shipEventId] : [s.shipEventId, s.receiveEventId];
    const events = await loadersOf(ctx).event.loadMany(ids);
    return events.flatMap((e) => (e instanceof Error || e === null ? [] : [eventNode(e)]));
  }

  @FieldResolver(() => Identifier, {
    nullable: true,
    description: 'Current state of the shipped instance (null for a class quantity).',
  })
  async item(@Root() s: Shipment, @Ctx() ctx: RequestContext): Promise<Plain<Identifier> | null> {
    return s.isClass
      ? null
      : maybe(await loadersOf(ctx).identifier.load(s.identifier), identifierNode);
  }

  @FieldResolver(() => Location, { nullable: true })
  async fromLocation(
    @Root() s: Shipment,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location> | null> {
    return s.fromLocationId === null
      ? null
      : maybe(await loadersOf(ctx).location.load(s.fromLocationId), locationNode);
  }

  @FieldResolver(() => Location, { nullable: true })
  async toLocation(
    @Root() s: Shipment,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location> | null> {
    return s.toLocationId === null
      ? null
      : maybe(await loadersOf(ctx).location.load(s.toLocationId), locationNode);
  }
}
