import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { countRows } from '../db/catalog-page.queries.js';
import { findLots, lotsQuery } from '../db/catalog-state.queries.js';
import { BadUserInputError } from '../errors.js';
import { EpcisEvent } from '../schema/event.type.js';
import { identifierArg } from '../schema/lineage.args.js';
import { Recall } from '../schema/lot-recall.type.js';
import { Lot, LotConnection, LotFilter, lotQueryOf } from '../schema/lot.type.js';
import { PageArgs, pageRequest } from '../schema/page.args.js';
import { connectionOf } from '../schema/page.connection.js';
import { Organization } from '../schema/party.type.js';
import { Product } from '../schema/product.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import { fromGlobalId } from '../server/relay-id.js';
import {
  eventNode,
  lotNode,
  maybe,
  organizationNode,
  productNode,
  recallNode,
} from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

/**
 * The lot class named by a URN or by a Lot's global id (URNs contain a colon, base64url never does).
 * @throws BadUserInputError for anything else.
 */
function lotKey(id: string): string {
  if (id.includes(':')) return identifierArg(id, 'id');
  const global = fromGlobalId(id);
  if (global.type !== 'Lot')
    throw new BadUserInputError(`id is the global id of a ${global.type}, not of a Lot`, 'id');
  return global.key;
}

/** Lots, and the nested fields of Lot and Recall (through the request's DataLoaders). */
@Resolver(() => Lot)
export class LotResolver {
  @Authorized('read')
  @Query(() => Lot, {
    nullable: true,
    description: 'A lot by lgtin class URN or by its global id; null when unknown.',
  })
  async lot(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => String) id: string,
  ): Promise<Plain<Lot> | null> {
    return maybe(await loadersOf(ctx).lot.load(lotKey(id)), lotNode);
  }

  @Authorized('read')
  @Query(() => LotConnection, { description: 'Lots by class URN.' })
  lots(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LotFilter, { nullable: true }) filter?: LotFilter | null,
  ): Promise<ConnectionShape<Plain<Lot>>> {
    const f = lotQueryOf(filter);
    const p = pageRequest(page, 'lots', 1);
    return findLots(ctx.db, f, p).then((r) =>
      connectionOf(r, 'lots', lotNode, () => countRows(lotsQuery(ctx.db, f))),
    );
  }

  @FieldResolver(() => Product, {
    nullable: true,
    description: 'The trade item; null if not registered.',
  })
  async product(@Root() lot: Lot, @Ctx() ctx: RequestContext): Promise<Plain<Product> | null> {
    return maybe(await loadersOf(ctx).product.load(lot.gtin), productNode);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The owning organisation.' })
  async owner(@Root() lot: Lot, @Ctx() ctx: RequestContext): Promise<Plain<Organization> | null> {
    return lot.ownerMsp === null
      ? null
      : maybe(await loadersOf(ctx).organization.load(lot.ownerMsp), organizationNode);
  }

  @FieldResolver(() => Recall, { nullable: true, description: 'The open recall covering the lot.' })
  async recall(@Root() lot: Lot, @Ctx() ctx: RequestContext): Promise<Plain<Recall> | null> {
    return lot.recallId === null
      ? null
      : maybe(await loadersOf(ctx).recall.load(lot.recallId), recallNode);
  }

  @FieldResolver(() => EpcisEvent, {
    nullable: true,
    description: 'The last event that changed the lot.',
  })
  async lastEvent(@Root() lot: Lot, @Ctx() ctx: RequestContext): Promise<Plain<EpcisEvent> | null> {
    return maybe(await loadersOf(ctx).event.load(lot.lastEventId), eventNode);
  }
}

/** The nested fields of Recall. */
@Resolver(() => Recall)
export class RecallFieldsResolver {
  @FieldResolver(() => [Lot], { description: 'The recalled lots known to the mirror.' })
  async lots(@Root() recall: Recall, @Ctx() ctx: RequestContext): Promise<Plain<Lot>[]> {
    const lots = await loadersOf(ctx).lot.loadMany(recall.lotClasses);
    return lots.flatMap((l) => (l instanceof Error || l === null ? [] : [lotNode(l)]));
  }
}
