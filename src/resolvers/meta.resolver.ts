import { Authorized, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { readChainHeight, readMirrorPosition } from '../db/checkpoint.queries.js';
import type { RequestContext } from '../server/context.js';
import { Meta } from '../schema/meta.type.js';
import type { Plain } from '../schema/page.type.js';
import { BlockNumberScalar } from '../schema/scalars.js';
import { BLOCK_INDEXED_TOPIC } from '../server/block-notifications.js';

/** `_meta`: indexer progress, so clients can tell how fresh an answer is. */
@Resolver()
export class MetaResolver {
  constructor(private readonly channel: string) {}

  @Authorized('read')
  @Query(() => Meta, { name: '_meta', description: 'Indexed height, chain height and lag.' })
  async meta(@Ctx() ctx: RequestContext): Promise<Plain<Meta>> {
    const { nextBlock, lastBlockTime } = await readMirrorPosition(ctx.db, this.channel);
    // Recorded by the indexer each time it asks a peer; API processes never read the ledger.
    const chainHeight = (await readChainHeight(ctx.db, this.channel)) ?? null;
    const behind = chainHeight === null ? null : chainHeight - nextBlock;
    return {
      channel: this.channel,
      indexedHeight: nextBlock === 0n ? null : nextBlock - 1n,
      chainHeight,
      lagBlocks: behind === null ? null : behind > 0n ? behind : 0n,
      lagSeconds:
        lastBlockTime === undefined
          ? null
          : Math.max(0, (Date.now() - lastBlockTime.getTime()) / 1000),
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
