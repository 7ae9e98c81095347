import { sql, type Kysely } from 'kysely';
import type { CreateTableBuilder } from 'kysely';

/** Provenance of the latest ledger write of a state row (invariant 6); upserts compare it. */
function provenance<T extends string>(t: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return t
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull());
}

/**
 * Current state as the contract computed it: where each unit is and who holds it, lots, recalls.
 * A row is replaced only by a newer (block_number, tx_index), so replays change nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await provenance(
    db.schema
      .createTable('identifier_state')
      .addColumn('epc', 'text', (c) => c.primaryKey())
      .addColumn('scheme', 'text', (c) => c.notNull())
      .addColumn('lot_class', 'text')
      .addColumn('gtin', 'text')
      .addColumn('owner_msp', 'text')
      .addColumn('owner_party', 'text')
      .addColumn('possessor_party', 'text')
      .addColumn('location', 'text')
      .addColumn('disposition', 'text')
      .addColumn('parent', 'text')
      .addColumn('in_transit_to_msp', 'text')
      .addColumn('in_transit_to_party', 'text')
      .addColumn('in_transit_to_location', 'text')
      .addColumn('unverified_origin', 'boolean', (c) => c.notNull())
      .addColumn('last_event_id', 'text', (c) => c.notNull())
      .addColumn('last_event_time', 'timestamptz', (c) => c.notNull()),
  ).execute();
  await db.schema
    .createIndex('identifier_state_location_idx')
    .on('identifier_state')
    .column('location')
    .execute();
  await db.schema
    .createIndex('identifier_state_owner_msp_idx')
    .on('identifier_state')
    .column('owner_msp')
    .execute();
  await db.schema
    .createIndex('identifier_state_lot_class_idx')
    .on('identifier_state')
    .column('lot_class')
    .execute();
  await db.schema
    .createIndex('identifier_state_parent_idx')
    .on('identifier_state')
    .column('parent')
    .where(sql<boolean>`parent IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('identifier_state_block_number_idx')
    .on('identifier_state')
    .column('block_number')
    .execute();

  // expiry stays the ledger's text (ISO dates compare correctly as text): a malformed date in a
  // committed block must not stop the indexer.
  await provenance(
    db.schema
      .createTable('lots')
      .addColumn('lot_class', 'text', (c) => c.primaryKey())
      .addColumn('gtin', 'text', (c) => c.notNull())
      .addColumn('lot_number', 'text', (c) => c.notNull())
      .addColumn('expiry', 'text')
      .addColumn('owner_msp', 'text')
      .addColumn('quantity_produced', 'numeric', (c) => c.notNull())
      .addColumn('quantity_remaining', 'numeric', (c) => c.notNull())
      .addColumn('uom', 'text')
      .addColumn('unverified_origin', 'boolean', (c) => c.notNull())
      .addColumn('recall_id', 'text')
      .addColumn('disposition', 'text')
      .addColumn('serial_count', 'integer')
      .addColumn('last_event_id', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('lots_gtin_idx').on('lots').column('gtin').execute();
  await db.schema
    .createIndex('lots_recall_id_idx')
    .on('lots')
    .column('recall_id')
    .where(sql<boolean>`recall_id IS NOT NULL`)
    .execute();
  await db.schema.createIndex('lots_block_number_idx').on('lots').column('block_number').execute();

  await provenance(
    db.schema
      .createTable('recalls')
      .addColumn('recall_id', 'text', (c) => c.primaryKey())
      .addColumn('classification', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('initiated_by_msp', 'text', (c) => c.notNull())
      .addColumn('initiated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('closed_at', 'timestamptz'),
  ).execute();

  // Rows follow their recall's latest record (same provenance); lots dropped from it are deleted.
  await provenance(
    db.schema
      .createTable('recall_lots')
      .addColumn('recall_id', 'text', (c) => c.notNull())
      .addColumn('lot_class', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('recall_lots_pkey', ['recall_id', 'lot_class']),
  ).execute();
  await db.schema
    .createIndex('recall_lots_lot_class_idx')
    .on('recall_lots')
    .column('lot_class')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recall_lots').execute();
  await db.schema.dropTable('recalls').execute();
  await db.schema.dropTable('lots').execute();
  await db.schema.dropTable('identifier_state').execute();
}
