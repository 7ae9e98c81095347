import { sql, type Kysely } from 'kysely';

/**
 * Shipments (a shipping event paired with its receiving event; in transit while unreceived) and
 * custody transfers (owning/possessing party changes named by an event's source/destination).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shipments')
    .addColumn('ship_event_id', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('is_class', 'boolean', (c) => c.notNull())
    .addColumn('quantity', 'numeric')
    .addColumn('uom', 'text')
    .addColumn('ship_time', 'timestamptz', (c) => c.notNull())
    .addColumn('shipped_by_msp', 'text', (c) => c.notNull())
    .addColumn('source_party', 'text')
    .addColumn('source_location', 'text')
    .addColumn('destination_party', 'text')
    .addColumn('destination_location', 'text')
    .addColumn('receive_event_id', 'text')
    .addColumn('receive_time', 'timestamptz')
    .addColumn('received_by_msp', 'text')
    .addColumn('receive_tx_id', 'text')
    .addColumn('receive_block_number', 'bigint')
    .addColumn('receive_tx_index', 'integer')
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull())
    // Ship and receive may share a transaction: pairing compares (block, tx, record) positions.
    .addColumn('record_index', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('shipments_pkey', ['ship_event_id', 'identifier'])
    .execute();
  await db.schema
    .createIndex('shipments_identifier_idx')
    .on('shipments')
    .column('identifier')
    .execute();
  await db.schema
    .createIndex('shipments_in_transit_idx')
    .on('shipments')
    .column('destination_party')
    .where(sql<boolean>`receive_event_id IS NULL`)
    .execute();
  await db.schema
    .createIndex('shipments_block_number_idx')
    .on('shipments')
    .column('block_number')
    .using('brin')
    .execute();
  await db.schema
    .createIndex('shipments_receive_block_idx')
    .on('shipments')
    .column('receive_block_number')
    .where(sql<boolean>`receive_block_number IS NOT NULL`)
    .execute();

  // Undoing a retracted receipt finds the shipments it paired.
  await db.schema
    .createIndex('shipments_receive_event_idx')
    .on('shipments')
    .column('receive_event_id')
    .where(sql<boolean>`receive_event_id IS NOT NULL`)
    .execute();

  await db.schema
    .createTable('custody_transfers')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('ownership', 'possession')`))
    .addColumn('from_party', 'text')
    .addColumn('to_party', 'text', (c) => c.notNull())
    .addColumn('biz_step', 'text')
    .addColumn('event_time', 'timestamptz', (c) => c.notNull())
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('custody_transfers_pkey', ['event_id', 'identifier', 'kind'])
    .execute();
  await db.schema
    .createIndex('custody_transfers_identifier_idx')
    .on('custody_transfers')
    .columns(['identifier', 'event_time'])
    .execute();
  await db.schema
    .createIndex('custody_transfers_block_number_idx')
    .on('custody_transfers')
    .column('block_number')
    .using('brin')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('custody_transfers').execute();
  await db.schema.dropTable('shipments').execute();
}
