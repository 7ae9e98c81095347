import { sql, type Kysely } from 'kysely';
import type { CreateTableBuilder } from 'kysely';

/** Provenance of the latest ledger write of a state row (invariant 6); upserts compare it. */
function provenance<T extends string>(t: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return t
    .addColumn('tx_id', 'text', (c) => c.notNull())
    .addColumn('block_number', 'bigint', (c) => c.notNull())
    .addColumn('tx_index', 'integer', (c) => c.notNull());
}

/** Master data written by the contract: organisations and their party ids, locations, products. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await provenance(
    db.schema
      .createTable('organizations')
      .addColumn('msp_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('party_ids', sql`text[]`, (c) => c.notNull())
      .addColumn('company_prefixes', sql`text[]`, (c) => c.notNull()),
  ).execute();

  // One row per PGLN, so "who is party X" is a key lookup; rows follow their organisation's record.
  await provenance(
    db.schema
      .createTable('parties')
      .addColumn('party_id', 'text', (c) => c.primaryKey())
      .addColumn('msp_id', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('parties_msp_id_idx').on('parties').column('msp_id').execute();

  await provenance(
    db.schema
      .createTable('locations')
      .addColumn('location_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('latitude', 'double precision')
      .addColumn('longitude', 'double precision')
      .addColumn('owner_msp', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema
    .createIndex('locations_owner_msp_idx')
    .on('locations')
    .column('owner_msp')
    .execute();

  await provenance(
    db.schema
      .createTable('products')
      .addColumn('gtin', 'text', (c) => c.primaryKey())
      .addColumn('ndc', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('dosage_form', 'text')
      .addColumn('strength', 'text')
      .addColumn('unit_mass_kg', 'numeric')
      .addColumn('owner_msp', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('products_ndc_idx').on('products').column('ndc').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('products').execute();
  await db.schema.dropTable('locations').execute();
  await db.schema.dropTable('parties').execute();
  await db.schema.dropTable('organizations').execute();
}
