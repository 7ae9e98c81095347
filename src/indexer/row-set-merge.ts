/**
 * Deduplicates and merges row sets the way the database would resolve them, so one statement never
 * touches a row twice (ON CONFLICT DO UPDATE refuses that) and several blocks can be stored in one
 * transaction. Input order is ledger order, which decides who wins.
 */
import type { TableSpec } from '../db/mirror-write.queries.js';
import { emptyRowSet, PROJECTED_TABLES, type RowSet } from './row-set.js';
import { dedupeKey, TABLE_SPECS } from './table-specs.js';

type AnyRow = Record<string, unknown>;

/** Resolves rows sharing a key: first wins for facts, last for state, first declaration for events. */
export function dedupeRows<R extends object>(spec: TableSpec, rows: readonly R[]): R[] {
  if (rows.length < 2) return [...rows];
  const byKey = new Map<string, R>();
  for (const row of rows) {
    const key = dedupeKey(spec, row as AnyRow);
    const kept = byKey.get(key);
    if (kept === undefined || spec.write === 'state') {
      byKey.set(key, row);
    } else if (
      spec.write === 'retractable' &&
      !(kept as AnyRow).retracted &&
      (row as AnyRow).retracted
    ) {
      // Captured and declared erroneous within the batch: the capture keeps its provenance.
      const merged: AnyRow = { ...(kept as AnyRow) };
      for (const column of spec.retractionColumns ?? []) merged[column] = (row as AnyRow)[column];
      byKey.set(key, merged as R);
    }
  }
  return [...byKey.values()];
}

/** Concatenates row sets in ledger order and deduplicates every table. */
export function mergeRowSets(sets: readonly RowSet[]): RowSet {
  const [only] = sets;
  if (sets.length === 1 && only !== undefined) return dedupeRowSet(only);
  const out = emptyRowSet();
  const rows = out.rows as Record<string, object[]>;
  for (const table of PROJECTED_TABLES) {
    rows[table] = dedupeRows(
      TABLE_SPECS[table],
      sets.flatMap((s) => s.rows[table] as object[]),
    );
  }
  out.aggregationCloses = sets.flatMap((s) => s.aggregationCloses);
  out.shipmentReceipts = sets.flatMap((s) => s.shipmentReceipts);
  return out;
}

/** Deduplicates every table of one row set in place and returns it. */
export function dedupeRowSet<S extends RowSet>(set: S): S {
  const rows = set.rows as Record<string, object[]>;
  for (const table of PROJECTED_TABLES) {
    rows[table] = dedupeRows(TABLE_SPECS[table], rows[table] ?? []);
  }
  return set;
}
