import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import {
  countEventsPerBizStep,
  dwellTimes,
  transitTimes,
  type Period as PeriodValue,
} from '../db/analytics.queries.js';
import { indexedHeight } from '../db/meta.queries.js';
import {
  Analytics,
  BizStepCount,
  BizStepCountConnection,
  DwellFilter,
  dwellQueryOf,
  DwellTime,
  DwellTimeConnection,
  Period,
  TransitFilter,
  transitQueryOf,
  TransitTime,
  TransitTimeConnection,
} from '../schema/analytics.type.js';
import { EventFilter, eventQueryOf } from '../schema/event.filter.js';
import { Location } from '../schema/location.type.js';
import { groupListName, groupPaging, PageArgs } from '../schema/page.args.js';
import { groupConnection } from '../schema/page.connection.js';
import type { RequestContext } from '../server/context.js';
import { loadersOf } from '../server/loaders.js';
import { locationNode, maybe } from './catalog.mappers.js';
import type { ConnectionShape, Plain } from '../schema/page.type.js';

const location = async (ctx: RequestContext, id: string | null): Promise<Plain<Location> | null> =>
  id === null ? null : maybe(await loadersOf(ctx).location.load(id), locationNode);

/** `analytics { … }`: grouped operational figures, one statement each. */
@Resolver(() => Analytics)
export class AnalyticsResolver {
  constructor(private readonly channel: string) {}

  @Authorized('analytics')
  @Query(() => Analytics, {
    description: 'Operational analytics: events per bizStep, dwell times, transit times.',
  })
  async analytics(@Ctx() ctx: RequestContext): Promise<Plain<Analytics>> {
    return { indexedHeight: (await indexedHeight(ctx.db, this.channel)) ?? null };
  }

  @FieldResolver(() => BizStepCountConnection, {
    description:
      'Event counts per period and bizStep for events matching the filter, ordered by period then bizStep.',
  })
  async eventsPerBizStep(
    @Ctx() ctx: RequestContext,
    @Arg('period', () => Period) period: PeriodValue,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
  ): Promise<ConnectionShape<Plain<BizStepCount>>> {
    const list = groupListName('eventsPerBizStep', { period, filter });
    const paging = groupPaging(page, list);
    return groupConnection(list, paging, (p) =>
      countEventsPerBizStep(ctx.db, period, eventQueryOf(filter), p),
    );
  }

  @FieldResolver(() => DwellTimeConnection, {
    description:
      'Dwell per location (receiving → next shipping of the same instance), ordered by location.',
  })
  async dwellTimes(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DwellFilter, { nullable: true }) filter?: DwellFilter | null,
  ): Promise<ConnectionShape<Plain<DwellTime>>> {
    const list = groupListName('dwellTimes', { filter });
    const paging = groupPaging(page, list);
    return groupConnection(list, paging, (p) => dwellTimes(ctx.db, dwellQueryOf(filter), p));
  }

  @FieldResolver(() => TransitTimeConnection, {
    description: 'Transit (shipping → receiving) per lane, ordered by origin then destination.',
  })
  async transitTimes(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TransitFilter, { nullable: true }) filter?: TransitFilter | null,
  ): Promise<ConnectionShape<Plain<TransitTime>>> {
    const list = groupListName('transitTimes', { filter });
    const paging = groupPaging(page, list);
    return groupConnection(list, paging, (p) => transitTimes(ctx.db, transitQueryOf(filter), p));
  }
}

/** The nested site of a dwell row. */
@Resolver(() => DwellTime)
export class DwellTimeFieldsResolver {
  @FieldResolver(() => Location, { nullable: true })
  location(@Root() row: DwellTime, @Ctx() ctx: RequestContext): Promise<Plain<Location> | null> {
    return location(ctx, row.locationId);
  }
}

/** The nested sites of a lane. */
@Resolver(() => TransitTime)
export class TransitTimeFieldsResolver {
  @FieldResolver(() => Location, { nullable: true })
  fromLocation(
    @Root() row: TransitTime,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location> | null> {
    return location(ctx, row.fromLocationId);
  }

  @FieldResolver(() => Location, { nullable: true })
  toLocation(
    @Root() row: TransitTime,
    @Ctx() ctx: RequestContext,
  ): Promise<Plain<Location> | null> {
    return location(ctx, row.toLocationId);
  }
}
