/** What a mutation with INDEXED consistency polls: has the indexer passed a block yet? */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** True once the channel's checkpoint (the next block to read) is beyond `blockNumber`. */
export async function isBlockIndexed(
  db: Kysely<Database>,
  channel: string,
  blockNumber: bigint,
): Promise<boolean> {
  const row = await db
    .selectFrom('indexer_checkpoint')
    .select('next_block')
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row !== undefined && row.next_block > blockNumber;
}
