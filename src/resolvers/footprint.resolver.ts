import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { FootprintResult, Stage } from '../db/footprint-result.js';
import { findFootprint } from '../db/footprint.queries.js';
import { identifierArg } from '../schema/lineage.args.js';
import { LotFootprint } from '../schema/footprint.type.js';
import type { RequestContext } from '../server/context.js';

/** LotFootprint as plain data. */
type FootprintAnswer = Omit<FootprintResult, 'byStage' | 'byOrganization' | 'byCategory'> & {
  byStage: { stage: Stage; kgCo2e: number }[];
  byOrganization: { organization: string; kgCo2e: number }[];
  byCategory: { category: number | null; kgCo2e: number }[];
};

/** `footprint`: cradle-to-gate kg CO2e of a lot, rolled up through transformations. */
@Resolver()
export class FootprintResolver {
  @Authorized('read')
  @Query(() => LotFootprint, {
    description:
      'Cradle-to-gate kg CO2e of a lot, per unit and in total, by stage, organisation, scope 3 category and input, from PACT footprints rolled up through transformations and GLEC leg emissions allocated by mass share (one emission record per leg: WTW when there is one, else TTW; the first recorded). Missing data is listed in missing, never counted as zero.',
  })
  async footprint(
    @Ctx() ctx: RequestContext,
    @Arg('lot', () => String, { description: 'lgtin class URN.' }) lot: string,
  ): Promise<FootprintAnswer> {
    const result = await findFootprint(ctx.db, identifierArg(lot, 'lot'));
    return {
      ...result,
      byStage: result.byStage.map((s) => ({ stage: s.key, kgCo2e: s.kgCo2e })),
      byOrganization: result.byOrganization.map((s) => ({ organization: s.key, kgCo2e: s.kgCo2e })),
      byCategory: result.byCategory.map((s) => ({ category: s.key, kgCo2e: s.kgCo2e })),
    };
  }
}
