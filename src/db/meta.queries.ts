/** Indexer progress as the API reports it. */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** Highest indexed block of a channel; undefined before the first block. */
export async function indexedHeight(
  db: Kysely<Database>,
  channel: string,
): Promise<bigint | undefined> {
  const row = await db
    .selectFrom('indexer_checkpoint')
    .select('next_block')
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row === undefined || row.next_block === 0n ? undefined : row.next_block - 1n;
}
