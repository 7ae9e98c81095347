import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys of mutations, scoped to the API key that sent them. A row is `pending` while
 * its transaction is in flight (tx_id is recorded before the proposal leaves the process, block
 * once it committed) and `done` with the response to replay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal_key_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'done')`))
    .addColumn('tx_id', 'text')
    .addColumn('block_number', 'bigint')
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['principal_key_id', 'idempotency_key'])
    .addCheckConstraint(
      'idempotency_keys_done_has_response',
      sql`status <> 'done' OR response IS NOT NULL`,
    )
    .execute();
  // For a purge job deleting old keys.
  await db.schema
    .createIndex('idempotency_keys_created_at')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
