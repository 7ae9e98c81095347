import { sql, type Kysely } from 'kysely';

/**
 * Blocks and transactions as the ledger holds them: the hash chain (invariant 3) and every
 * transaction with its validation code, valid or not (invariant 4).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('blocks')
    .addColumn('number', 'bigint', (c) => c.primaryKey())
    .addColumn('header_hash', 'bytea', (c) => c.notNull())
    .addColumn('previous_hash', 'bytea', (c) => c.notNull())
    .addColumn('data_hash', 'bytea', (c) => c.notNull())
    .addColumn('tx_count', 'integer', (c) => c.notNull())
    .addColumn('is_config', 'boolean', (c) => c.notNull())
    // Latest channel-header timestamp in the block: what lag in seconds is measured against.
    .addColumn('block_time', 'timestamptz')
    .addColumn('indexed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Keyed by position, not tx id: Fabric records DUPLICATE_TXID transactions and config
  // transactions may carry an empty id, so a tx id is unique only among valid endorser transactions.
  await db.schema
    .createTable('transactions')
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull())
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('header_type', 'integer', (c) => c.notNull())
    .addColumn('validation_code', 'integer', (c) => c.notNull())
    .addColumn('creator_msp', 'text', (c) => c.notNull())
    .addColumn('endorser_msps', sql`text[]`, (c) => c.notNull())
    .addColumn('chaincode_name', 'text')
    .addColumn('function_name', 'text')
    .addColumn('tx_time', 'timestamptz', (c) => c.notNull())
    // Set only for valid transactions of our chaincode whose payload was projected.
    .addColumn('payload_version', 'integer')
    // What did not parse in the envelope, as the decoder reported it.
    .addColumn('decode_error', 'text')
    .addPrimaryKeyConstraint('transactions_pkey', ['block_number', 'tx_index'])
    .execute();
  await db.schema
    .createIndex('transactions_tx_id_idx')
    .on('transactions')
    .column('tx_id')
    .execute();
  await db.schema
    .createIndex('transactions_invalid_idx')
    .on('transactions')
    .column('validation_code')
    .where(sql<boolean>`validation_code <> 0`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('transactions').execute();
  await db.schema.dropTable('blocks').execute();
}
