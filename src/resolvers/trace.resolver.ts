import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { findTrace } from '../db/trace.queries.js';
import { identifierArg } from '../schema/lineage.args.js';
import { Trace } from '../schema/trace.type.js';
import type { RequestContext } from '../server/context.js';

/** `trace`: the full history of one unit, including its containers' movements while inside. */
@Resolver()
export class TraceResolver {
  @Authorized('read')
  @Query(() => Trace, {
    description:
      'Every event that named the object, and every event of its containers while it was inside them (a unit on a pallet only while its case was), oldest first, each with location, parties, business transactions, tx id and block. Error-declared events are left out.',
  })
  async trace(
    @Ctx() ctx: RequestContext,
    @Arg('epc', () => String, { description: 'EPC URN (or lgtin class URN).' }) epc: string,
  ): Promise<Trace> {
    return findTrace(ctx.db, identifierArg(epc, 'epc'));
  }
}
