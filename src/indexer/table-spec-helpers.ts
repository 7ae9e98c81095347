/**
 * Helpers for the write specs: column lists typed against the Kysely table types, so a migration,
 * its type and its writer cannot drift apart silently (the SQL types are checked against the
 * migrated schema by test/integration/indexer/table-specs.test.ts).
 */
import type { TableSpec } from '../db/mirror-write.queries.js';

/**
 * The columns of T with their SQL types, in the literal's order; the literal must name every
 * column of T.
 */
export function columnsOf<T>(
  all: Record<keyof T & string, string>,
): Pick<TableSpec, 'columns' | 'types'> {
  return { columns: Object.keys(all), types: Object.values(all) };
}

/** Provenance columns of a business row (invariant 6). */
export const provenance = { tx_id: 'text', block_number: 'bigint', tx_index: 'integer' } as const;

type Spec = Omit<TableSpec, 'blockColumn'> & { blockColumn?: string };

/** A spec whose block column defaults to block_number. */
export const spec = (s: Spec): TableSpec => ({ blockColumn: 'block_number', ...s });
