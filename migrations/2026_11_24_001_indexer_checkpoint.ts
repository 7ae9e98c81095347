import { sql, type Kysely } from 'kysely';

/** The indexer's checkpoint: the next block to read, per channel. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('indexer_checkpoint')
    .addColumn('channel', 'text', (c) => c.primaryKey())
    .addColumn('next_block', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('indexer_checkpoint').execute();
}
