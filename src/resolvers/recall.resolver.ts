import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { findRecallImpact } from '../db/recall.queries.js';
import { identifierArg } from '../schema/lineage.args.js';
import {
  decodeCursor,
  pageAsOf,
  pageSizeArg,
  toConnection,
  type RecallConnectionShape,
} from '../schema/recall.args.js';
import { RecallImpactConnection } from '../schema/recall.type.js';
import type { RequestContext } from '../server/context.js';
import { partsSelected } from './recall-parts.js';

/** `recallImpact`: everything downstream of recalled lots, in one recursive query. */
@Resolver()
export class RecallResolver {
  @Authorized('recall')
  @Query(() => RecallImpactConnection, {
    description:
      'Every lot downstream of the recalled lot(s) through transformations, every serial of them and every container holding those (case → pallet) at asOf (default now); a lot made as serials (outputEPCList) is named with the serials made from the recalled goods, not its others; with current custodian, location and status, counts by status, party and location, shipments in transit at asOf and sensor alerts on the way (from the first event of the recalled lots, or the first link to them if earlier, up to asOf). Give exactly one of lot and recallId. The summary covers the whole set; edges are one page (first ≤ 500). Pages after the first keep its asOf (their cursor carries it), so paging a recall asked now walks one graph. Toward the cost limit the summary counts once and the page grows with first.',
  })
  async recallImpact(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('lot', () => String, { nullable: true, description: 'lgtin class URN of a lot.' })
    lot?: string | null,
    @Arg('recallId', () => String, {
      nullable: true,
      description: 'A recall record: all its lots.',
    })
    recallId?: string | null,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true }) asOf?: Date | null,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, 1 to 500.' }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<RecallConnectionShape> {
    const cursor = after == null ? undefined : decodeCursor(after);
    const target = {
      lot: lot == null ? undefined : identifierArg(lot, 'lot'),
      recallId: recallId ?? undefined,
      asOf: pageAsOf(asOf ?? undefined, cursor),
    };
    const result = await findRecallImpact(
      ctx.db,
      target,
      { first: pageSizeArg(first), after: cursor?.id },
      partsSelected(info),
    );
    return toConnection(result);
  }
}
