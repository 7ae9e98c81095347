import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Location } from '../schema/location.type.js';
import { Organization, Party } from '../schema/party.type.js';
import { Product } from '../schema/product.type.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import { locationNode, maybe, organizationNode, partyNode } from './catalog.mappers.js';
import type { Plain } from '../schema/page.type.js';

/** The nested fields of Product. */
@Resolver(() => Product)
export class ProductFieldsResolver {
  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The registering organisation.',
  })
  async owner(
    @Root() product: Product,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Organization> | null> {
    return maybe(await loadersOf(ctx).organization.load(product.ownerMsp), organizationNode);
  }
}

/** The nested fields of Organization. */
@Resolver(() => Organization)
export class OrganizationFieldsResolver {
  @FieldResolver(() => [Party], { description: 'Its GS1 parties, by PGLN.' })
  async parties(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<Plain<Party>[]> {
    return (await loadersOf(ctx).partiesOfOrganization.load(org.mspId)).map(partyNode);
  }

  @FieldResolver(() => [Location], { description: 'Its sites, by SGLN.' })
  async locations(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location>[]> {
    return (await loadersOf(ctx).locationsOfOrganization.load(org.mspId)).map(locationNode);
  }
}

/** The nested fields of Party. */
@Resolver(() => Party)
export class PartyFieldsResolver {
  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The organisation holding the PGLN.',
  })
  async organization(
    @Root() party: Party,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Organization> | null> {
    return maybe(await loadersOf(ctx).organization.load(party.mspId), organizationNode);
  }
}

/** The nested fields of Location. */
@Resolver(() => Location)
export class LocationFieldsResolver {
  @FieldResolver(() => Organization, { nullable: true, description: 'The owning organisation.' })
  async owner(
    @Root() location: Location,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Organization> | null> {
    return maybe(await loadersOf(ctx).organization.load(location.ownerMsp), organizationNode);
  }
}
