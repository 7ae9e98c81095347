import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { countRows } from '../db/catalog-page.queries.js';
import { findIdentifiers, identifiersQuery } from '../db/catalog-state.queries.js';
import { EpcisEvent } from '../schema/event.type.js';
import {
  Identifier,
  IdentifierConnection,
  IdentifierFilter,
  identifierQueryOf,
} from '../schema/identifier.type.js';
import { identifierArg } from '../schema/lineage.args.js';
import { Location } from '../schema/location.type.js';
import { Lot } from '../schema/lot.type.js';
import { PageArgs, pageRequest } from '../schema/page.args.js';
import { connectionOf } from '../schema/page.connection.js';
import { Organization, Party } from '../schema/party.type.js';
import { Product } from '../schema/product.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import {
  eventNode,
  identifierNode,
  locationNode,
  lotNode,
  maybe,
  organizationNode,
  partyNode,
  productNode,
} from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

/** Units, cases and pallets with their current state, and their nested fields. */
@Resolver(() => Identifier)
export class IdentifierResolver {
  @Authorized('read')
  @Query(() => Identifier, {
    nullable: true,
    description: 'A unit, case or pallet by EPC URN; null when the mirror holds no state for it.',
  })
  async identifier(
    @Ctx() ctx: RequestContext,
    @Arg('epc', () => String) epc: string,
  ): Promise<Plain<Identifier> | null> {
    return maybe(await loadersOf(ctx).identifier.load(identifierArg(epc, 'epc')), identifierNode);
  }

  @Authorized('read')
  @Query(() => IdentifierConnection, {
    description:
      'Units, cases and pallets by EPC, filtered by lot, location, owner, container, transit.',
  })
  identifiers(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => IdentifierFilter, { nullable: true }) filter?: IdentifierFilter | null,
  ): Promise<ConnectionShape<Plain<Identifier>>> {
    const f = identifierQueryOf(filter);
    const p = pageRequest(page, 'identifiers', 1);
    return findIdentifiers(ctx.db, f, p).then((r) =>
      connectionOf(r, 'identifiers', identifierNode, () => countRows(identifiersQuery(ctx.db, f))),
    );
  }

  @FieldResolver(() => Lot, { nullable: true })
  async lot(@Root() i: Identifier, @Ctx() ctx: RequestContext): Promise<Plain<Lot> | null> {
    return i.lotClass === null ? null : maybe(await loadersOf(ctx).lot.load(i.lotClass), lotNode);
  }

  @FieldResolver(() => Product, { nullable: true })
  async product(@Root() i: Identifier, @Ctx() ctx: RequestContext): Promise<Plain<Product> | null> {
    return i.gtin === null ? null : maybe(await loadersOf(ctx).product.load(i.gtin), productNode);
  }

  @FieldResolver(() => Location, { nullable: true, description: 'The site of the last event.' })
  async location(
    @Root() i: Identifier,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location> | null> {
    return i.locationId === null
      ? null
      : maybe(await loadersOf(ctx).location.load(i.locationId), locationNode);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The owning organisation.' })
  async owner(
    @Root() i: Identifier,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Organization> | null> {
    return i.ownerMsp === null
      ? null
      : maybe(await loadersOf(ctx).organization.load(i.ownerMsp), organizationNode);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The possessing party.' })
  async possessor(@Root() i: Identifier, @Ctx() ctx: RequestContext): Promise<Plain<Party> | null> {
    return i.possessorParty === null
      ? null
      : maybe(await loadersOf(ctx).party.load(i.possessorParty), partyNode);
  }

  @FieldResolver(() => Identifier, { nullable: true, description: 'The container holding it now.' })
  async parent(
    @Root() i: Identifier,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Identifier> | null> {
    return i.parentEpc === null
      ? null
      : maybe(await loadersOf(ctx).identifier.load(i.parentEpc), identifierNode);
  }

  @FieldResolver(() => [Identifier], {
    description: 'What it holds now (direct contents), by EPC.',
  })
  async children(@Root() i: Identifier, @Ctx() ctx: RequestContext): Promise<Plain<Identifier>[]> {
    return (await loadersOf(ctx).contents.load(i.epc)).map(identifierNode);
  }

  @FieldResolver(() => EpcisEvent, {
    nullable: true,
    description: 'The last event that changed its state.',
  })
  async lastEvent(
    @Root() i: Identifier,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<EpcisEvent> | null> {
    return maybe(await loadersOf(ctx).event.load(i.lastEventId), eventNode);
  }
}
