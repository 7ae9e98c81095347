import { sql, type Kysely } from 'kysely';

/**
 * The lineage graph the API walks with recursive CTEs: transformation inputs → outputs,
 * aggregation child → parent over a validity interval (pack/unpack), lot class → serial.
 * Containment intervals are a view over the aggregation edges, so pack/unpack is written once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lineage_edge')
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind IN ('transformation', 'aggregation', 'lot_membership')`),
    )
    .addColumn('event_id', 'text', (c) => c.notNull())
    // Quantities of class nodes (input used, output produced), for cradle-to-gate roll-ups.
    .addColumn('from_quantity', 'numeric')
    .addColumn('from_uom', 'text')
    .addColumn('to_quantity', 'numeric')
    .addColumn('to_uom', 'text')
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    // Closed by an unpack (or a re-pack elsewhere); only aggregation edges close.
    .addColumn('valid_to', 'timestamptz')
    .addColumn('valid_to_event_id', 'text')
    .addColumn('closed_tx_id', 'text')
    .addColumn('closed_block_number', 'bigint')
    .addColumn('closed_tx_index', 'integer')
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull())
    // One transaction may pack, unpack and re-pack: closing compares (block, tx, record) positions.
    .addColumn('record_index', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('lineage_edge_pkey', ['event_id', 'kind', 'from_id', 'to_id'])
    .execute();
  await db.schema
    .createIndex('lineage_edge_from_idx')
    .on('lineage_edge')
    .columns(['from_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('lineage_edge_to_idx')
    .on('lineage_edge')
    .columns(['to_id', 'kind'])
    .execute();
  // A serial belongs to its lot once, whichever event first told us.
  await db.schema
    .createIndex('lineage_edge_lot_membership_key')
    .on('lineage_edge')
    .columns(['from_id', 'to_id'])
    .unique()
    .where(sql<boolean>`kind = 'lot_membership'`)
    .execute();
  await db.schema
    .createIndex('lineage_edge_block_number_idx')
    .on('lineage_edge')
    .column('block_number')
    .using('brin')
    .execute();
  await db.schema
    .createIndex('lineage_edge_closed_block_idx')
    .on('lineage_edge')
    .column('closed_block_number')
    .where(sql<boolean>`closed_block_number IS NOT NULL`)
    .execute();

  // Undoing the closes of a retracted unpack finds the edges it closed.
  await db.schema
    .createIndex('lineage_edge_valid_to_event_idx')
    .on('lineage_edge')
    .column('valid_to_event_id')
    .where(sql<boolean>`valid_to_event_id IS NOT NULL`)
    .execute();

  await db.schema
    .createView('containment')
    .as(
      sql`SELECT from_id AS child_id, to_id AS parent_id, event_id AS valid_from_event_id,
                 valid_from, valid_to_event_id, valid_to, tx_id, block_number,
                 closed_tx_id, closed_block_number
          FROM lineage_edge WHERE kind = 'aggregation'`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropView('containment').execute();
  await db.schema.dropTable('lineage_edge').execute();
}
