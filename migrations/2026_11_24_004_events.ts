import { sql, type Kysely } from 'kysely';
import type { CreateTableBuilder } from 'kysely';

/** Provenance of the event that produced the row (invariant 6). */
function provenance<T extends string>(t: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return t
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull());
}

/**
 * EPCIS events and the rows flattened out of them. These tables are append-mostly and large:
 * block_number gets a BRIN index (cheap to maintain, serves verify's per-block scans).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await provenance(
    db.schema
      .createTable('events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('event_time', 'timestamptz', (c) => c.notNull())
      .addColumn('event_time_zone_offset', 'text', (c) => c.notNull())
      .addColumn('action', 'text')
      .addColumn('biz_step', 'text')
      .addColumn('disposition', 'text')
      .addColumn('read_point', 'text')
      .addColumn('biz_location', 'text')
      .addColumn('transformation_id', 'text')
      .addColumn('parent_id', 'text')
      .addColumn('event_id_generated', 'boolean', (c) => c.notNull())
      .addColumn('ilmd', 'jsonb')
      .addColumn('unverified_identifiers', sql`text[]`, (c) => c.notNull())
      .addColumn('captured_by_msp', 'text', (c) => c.notNull())
      .addColumn('document', 'jsonb', (c) => c.notNull())
      // The contract's canonical hash of the event: equal hashes mean the same event.
      .addColumn('content_hash', 'text')
      // Lot classes whose state the event changed (the contract's affectedLots).
      .addColumn('affected_lots', sql`text[]`, (c) => c.notNull())
      // errorDeclaration: the event no longer counts. Set by the first declaration, with its own
      // provenance, while tx_id/block_number keep pointing at the capture.
      .addColumn('retracted', 'boolean', (c) => c.notNull())
      .addColumn('retraction_time', 'timestamptz')
      .addColumn('retraction_reason', 'text')
      .addColumn('corrective_event_ids', sql`text[]`)
      .addColumn('retracted_tx_id', 'text')
      .addColumn('retracted_block_number', 'bigint')
      .addColumn('retracted_tx_index', 'integer')
      // Position of the record in its transaction's payload: ledger order within one transaction.
      .addColumn('record_index', 'integer', (c) => c.notNull()),
  ).execute();
  await db.schema
    .createIndex('events_biz_step_time_idx')
    .on('events')
    .columns(['biz_step', 'event_time'])
    .execute();
  await db.schema.createIndex('events_event_time_idx').on('events').column('event_time').execute();
  await db.schema.createIndex('events_tx_id_idx').on('events').column('tx_id').execute();
  await db.schema
    .createIndex('events_block_number_idx')
    .on('events')
    .column('block_number')
    .using('brin')
    .execute();
  await db.schema
    .createIndex('events_parent_id_idx')
    .on('events')
    .column('parent_id')
    .where(sql<boolean>`parent_id IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('events_transformation_id_idx')
    .on('events')
    .column('transformation_id')
    .where(sql<boolean>`transformation_id IS NOT NULL`)
    .execute();
  await db.schema
    .createIndex('events_retracted_block_idx')
    .on('events')
    .column('retracted_block_number')
    .where(sql<boolean>`retracted_block_number IS NOT NULL`)
    .execute();

  // Every identifier an event names, by role; 'contained' marks instances the event changed through
  // their container (the contract's affectedIdentifiers not named by the event itself), so "every
  // event that moved this unit" is one index range scan (event_time is copied for the order).
  await provenance(
    db.schema
      .createTable('event_identifiers')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) =>
        c.notNull().check(sql`role IN ('epc', 'parent', 'child', 'input', 'output', 'contained')`),
      )
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('is_class', 'boolean', (c) => c.notNull())
      .addColumn('quantity', 'numeric')
      .addColumn('uom', 'text')
      .addColumn('event_time', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_identifiers_pkey', ['event_id', 'role', 'identifier']),
  ).execute();
  await db.schema
    .createIndex('event_identifiers_identifier_idx')
    .on('event_identifiers')
    .columns(['identifier', 'event_time'])
    .execute();
  await db.schema
    .createIndex('event_identifiers_block_number_idx')
    .on('event_identifiers')
    .column('block_number')
    .using('brin')
    .execute();

  // Type '' when the event gave none, so the natural key has no NULL.
  await provenance(
    db.schema
      .createTable('biz_transactions')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('biz_transactions_pkey', ['event_id', 'type', 'value']),
  ).execute();
  await db.schema
    .createIndex('biz_transactions_value_idx')
    .on('biz_transactions')
    .column('value')
    .execute();
  await db.schema
    .createIndex('biz_transactions_block_number_idx')
    .on('biz_transactions')
    .column('block_number')
    .using('brin')
    .execute();

  // temperature_min_c/max_c: the report in degrees Celsius (value, or min/max), so an excursion
  // check against a product's range is a plain comparison whatever uom was submitted; the mirror
  // does not hold storage ranges, so it does not decide excursions itself beyond `exception`.
  await provenance(
    db.schema
      .createTable('sensor_readings')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('reading_index', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('value', 'numeric')
      .addColumn('min_value', 'numeric')
      .addColumn('max_value', 'numeric')
      .addColumn('uom', 'text')
      .addColumn('reading_time', 'timestamptz')
      .addColumn('device_id', 'text')
      // The report's alert condition (ALARM_CONDITION, ERROR_CONDITION or a URI): a sensor-declared excursion.
      .addColumn('exception', 'text')
      .addColumn('temperature_min_c', 'numeric')
      .addColumn('temperature_max_c', 'numeric')
      .addColumn('event_time', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('sensor_readings_pkey', ['event_id', 'reading_index']),
  ).execute();
  await db.schema
    .createIndex('sensor_readings_block_number_idx')
    .on('sensor_readings')
    .column('block_number')
    .using('brin')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sensor_readings').execute();
  await db.schema.dropTable('biz_transactions').execute();
  await db.schema.dropTable('event_identifiers').execute();
  await db.schema.dropTable('events').execute();
}
