import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { countRows } from '../db/catalog-page.queries.js';
import {
  emissionLegsQuery,
  findEmissionLegs,
  groupEmissions,
  type EmissionGroupKey as Key,
} from '../db/emissions.queries.js';
import {
  EmissionFilter,
  EmissionGroup,
  EmissionGroupConnection,
  EmissionGroupKey,
  EmissionLeg,
  EmissionLegConnection,
  emissionQueryOf,
  groupKeysOf,
} from '../schema/emission.type.js';
import { EpcisEvent } from '../schema/event.type.js';
import { groupListName, groupPaging, PageArgs, pageRequest } from '../schema/page.args.js';
import { connectionOf, groupConnection } from '../schema/page.connection.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import { eventNode, maybe } from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

/** GLEC transport emissions: roll-ups for BI tools and the legs behind them. */
@Resolver(() => EmissionLeg)
export class EmissionsResolver {
  @Authorized('analytics')
  @Query(() => EmissionGroupConnection, {
    description:
      'Transport emissions rolled up by the given keys, always also by factor scope, source and version (never mixing WTW with TTW). Legs of retracted events are left out. Rows are ordered by their keys.',
  })
  async emissions(
    @Ctx() ctx: RequestContext,
    @Arg('groupBy', () => [EmissionGroupKey], { defaultValue: [] }) groupBy: Key[],
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => EmissionFilter, { nullable: true }) filter?: EmissionFilter | null,
    @Arg('perspective', () => String, {
      nullable: true,
      description: "MSP id CATEGORY is judged from; default: the caller's organisation.",
    })
    perspective?: string | null,
  ): Promise<ConnectionShape<Plain<EmissionGroup>>> {
    const seenFrom = perspective ?? ctx.principal.organizationMsp;
    const list = groupListName('emissions', { groupBy, filter, seenFrom });
    const paging = groupPaging(page, list);
    const keys = groupKeysOf(groupBy);
    const query = emissionQueryOf(filter);
    return groupConnection(list, paging, (p) => groupEmissions(ctx.db, keys, query, seenFrom, p));
  }

  @Authorized('analytics')
  @Query(() => EmissionLegConnection, {
    description:
      'The recorded legs, by event time then emission id; legs of retracted events are left out.',
  })
  async emissionLegs(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => EmissionFilter, { nullable: true }) filter?: EmissionFilter | null,
  ): Promise<ConnectionShape<Plain<EmissionLeg>>> {
    const p = pageRequest(page, 'emissionLegs', 2);
    const f = emissionQueryOf(filter);
    const legs = await findEmissionLegs(ctx.db, f, p);
    return connectionOf(
      legs,
      'emissionLegs',
      (r) => r,
      () => countRows(emissionLegsQuery(ctx.db, f)),
    );
  }

  @FieldResolver(() => EpcisEvent, {
    nullable: true,
    description: 'The shipping event of the leg.',
  })
  async event(
    @Root() leg: EmissionLeg,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<EpcisEvent> | null> {
    return maybe(await loadersOf(ctx).event.load(leg.eventId), eventNode);
  }
}
