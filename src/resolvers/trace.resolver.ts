import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { findTrace, MAX_TRACE_ENTRIES } from '../db/trace.queries.js';
import { identifierArg } from '../schema/lineage.args.js';
import { traceCursor, tracePage } from '../schema/trace.args.js';
import type { Plain } from '../schema/page.type.js';
import { Trace } from '../schema/trace.type.js';
import type { RequestContext } from '../server/context.js';

/** `trace`: the full history of one unit, including its containers' movements while inside. */
@Resolver()
export class TraceResolver {
  @Authorized('read')
  @Query(() => Trace, {
    description:
      'Every event that named the object, and every event of its containers while it was inside them (a unit on a pallet only while its case was), oldest first, each with location, parties, business transactions, tx id and block. Error-declared events are left out. A long history comes in pages: pass endCursor as after while truncated is true.',
  })
  async trace(
    @Ctx() ctx: RequestContext,
    @Arg('epc', () => String, { description: 'EPC URN (or lgtin class URN).' }) epc: string,
    @Arg('first', () => Int, {
      defaultValue: MAX_TRACE_ENTRIES,
      description: `Entries per answer, 1 to ${MAX_TRACE_ENTRIES}.`,
    })
    first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'endCursor of the previous answer for this epc.',
    })
    after?: string | null,
  ): Promise<Plain<Trace>> {
    const id = identifierArg(epc, 'epc');
    const result = await findTrace(ctx.db, id, tracePage(id, first, after ?? undefined));
    return { ...result, endCursor: result.end === null ? null : traceCursor(id, result.end) };
  }
}
