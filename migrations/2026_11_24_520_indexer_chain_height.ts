import { sql, type Kysely } from 'kysely';

/**
 * The chain height the indexer last saw, per channel, so API processes (which never talk to a
 * peer for reads) can report lag in blocks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('indexer_chain_height')
    .addColumn('channel', 'text', (c) => c.primaryKey())
    .addColumn('chain_height', 'bigint', (c) => c.notNull())
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('indexer_chain_height').execute();
}
