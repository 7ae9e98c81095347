import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { countRows } from '../db/catalog-page.queries.js';
import {
  findLocations,
  findOrganizations,
  findParties,
  findProducts,
  locationsQuery,
  organizationsQuery,
  partiesQuery,
  productsQuery,
} from '../db/catalog.queries.js';
import {
  Location,
  LocationConnection,
  LocationFilter,
  locationQueryOf,
} from '../schema/location.type.js';
import { PageArgs, pageRequest } from '../schema/page.args.js';
import { connectionOf } from '../schema/page.connection.js';
import { urnFilter } from '../schema/page.filters.js';
import {
  Organization,
  OrganizationConnection,
  Party,
  PartyConnection,
  PartyFilter,
  partyQueryOf,
} from '../schema/party.type.js';
import {
  Product,
  ProductConnection,
  ProductFilter,
  productQueryOf,
} from '../schema/product.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import {
  locationNode,
  maybe,
  organizationNode,
  partyNode,
  productNode,
} from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

/** Master data: products, organisations, parties, locations. */
@Resolver()
export class CatalogResolver {
  @Authorized('read')
  @Query(() => Product, { nullable: true, description: 'A product by GTIN-14; null when unknown.' })
  async product(
    @Ctx() ctx: RequestContext,
    @Arg('gtin', () => String) gtin: string,
  ): Promise<Plain<Product> | null> {
    return maybe(await loadersOf(ctx).product.load(gtin.trim()), productNode);
  }

  @Authorized('read')
  @Query(() => ProductConnection, { description: 'Products by GTIN.' })
  products(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter?: ProductFilter | null,
  ): Promise<ConnectionShape<Plain<Product>>> {
    const f = productQueryOf(filter);
    const p = pageRequest(page, 'products', 1);
    return findProducts(ctx.db, f, p).then((r) =>
      connectionOf(r, 'products', productNode, () => countRows(productsQuery(ctx.db, f))),
    );
  }

  @Authorized('read')
  @Query(() => Organization, {
    nullable: true,
    description: 'An organisation by MSP id; null when unknown.',
  })
  async organization(
    @Ctx() ctx: RequestContext,
    @Arg('mspId', () => String) mspId: string,
  ): Promise<Plain<Organization> | null> {
    return maybe(await loadersOf(ctx).organization.load(mspId.trim()), organizationNode);
  }

  @Authorized('read')
  @Query(() => OrganizationConnection, { description: 'Trading partners by MSP id.' })
  organizations(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<ConnectionShape<Plain<Organization>>> {
    const p = pageRequest(page, 'organizations', 1);
    return findOrganizations(ctx.db, p).then((r) =>
      connectionOf(r, 'organizations', organizationNode, () =>
        countRows(organizationsQuery(ctx.db)),
      ),
    );
  }

  @Authorized('read')
  @Query(() => PartyConnection, { description: 'GS1 parties (PGLNs) by id.' })
  parties(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PartyFilter, { nullable: true }) filter?: PartyFilter | null,
  ): Promise<ConnectionShape<Plain<Party>>> {
    const f = partyQueryOf(filter);
    const p = pageRequest(page, 'parties', 1);
    return findParties(ctx.db, f, p).then((r) =>
      connectionOf(r, 'parties', partyNode, () => countRows(partiesQuery(ctx.db, f))),
    );
  }

  @Authorized('read')
  @Query(() => Location, { nullable: true, description: 'A site by SGLN; null when unknown.' })
  async location(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => String, { description: 'SGLN URN.' }) id: string,
  ): Promise<Plain<Location> | null> {
    const [sgln = ''] = urnFilter([id], 'id') ?? [];
    return maybe(await loadersOf(ctx).location.load(sgln), locationNode);
  }

  @Authorized('read')
  @Query(() => LocationConnection, {
    description: 'Sites by SGLN, with coordinates where recorded.',
  })
  locations(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LocationFilter, { nullable: true }) filter?: LocationFilter | null,
  ): Promise<ConnectionShape<Plain<Location>>> {
    const f = locationQueryOf(filter);
    const p = pageRequest(page, 'locations', 1);
    return findLocations(ctx.db, f, p).then((r) =>
      connectionOf(r, 'locations', locationNode, () => countRows(locationsQuery(ctx.db, f))),
    );
  }
}
