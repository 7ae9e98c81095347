import type { Kysely } from 'kysely';

/**
 * Quantities of a lot held by organisations other than its owner (received by quantity) and on
 * the way to each organisation, as the contract's lot state records them: who holds what of a
 * recalled lot. JSON objects of MSP id → quantity in the lot's unit; null when none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('lots')
    .addColumn('held_by', 'jsonb')
    .addColumn('shipped_to', 'jsonb')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lots').dropColumn('held_by').dropColumn('shipped_to').execute();
}
