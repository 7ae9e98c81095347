import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { indexedHeight } from '../db/meta.queries.js';
import type { RequestContext } from '../server/context.js';
import { Meta } from '../schema/meta.type.js';

/** `_meta`: indexer progress, so clients can tell how fresh an answer is. */
@Resolver()
export class MetaResolver {
  constructor(private readonly channel: string) {}

  @Authorized('read')
  @Query(() => Meta, { name: '_meta', description: 'Indexed height, chain height and lag.' })
  async meta(@Ctx() ctx: RequestContext): Promise<Meta> {
    const indexed = (await indexedHeight(ctx.db, this.channel)) ?? null;
    return {
      channel: this.channel,
      indexedHeight: indexed,
      chainHeight: null,
      lagBlocks: null,
      lagSeconds: null,
    };
  }
}
