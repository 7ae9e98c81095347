import { Authorized, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { indexedHeight } from '../db/meta.queries.js';
import type { RequestContext } from '../server/context.js';
import { Meta } from '../schema/meta.type.js';
import { BlockNumberScalar } from '../schema/scalars.js';
import { BLOCK_INDEXED_TOPIC } from '../server/block-notifications.js';

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

  @Authorized('read')
  @Subscription(() => BlockNumberScalar, {
    topics: BLOCK_INDEXED_TOPIC,
    description: 'Each block number as soon as its rows are queryable in the mirror.',
  })
  // Typed `unknown`: type-graphql would try to construct a `bigint` root (`new BigInt()`).
  blockIndexed(@Root() block: unknown): bigint {
    return block as bigint;
  }
}
