/**
 * Hashes every table's rows in a stable order, so tests can assert two databases (or one database
 * at two moments) hold exactly the same data. Columns that record wall-clock time are skipped.
 */
import { sql, type Kysely } from 'kysely';

/** Columns that legitimately differ between runs: when a row was written, not what it says. */
export const VOLATILE_COLUMNS: Record<string, string[]> = {
  blocks: ['indexed_at'],
  indexer_checkpoint: ['updated_at'],
  indexer_chain_height: ['observed_at'],
};

/** "rowcount:md5" per table of the public schema (excluding Kysely's own). */
export async function tableDigests(db: Kysely<any>): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'
    ORDER BY table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table} ORDER BY ordinal_position`.execute(
      db,
    );
    const kept = columns.rows
      .map((c) => c.column_name)
      .filter((c) => !(VOLATILE_COLUMNS[table] ?? []).includes(c));
    const row = sql.join(kept.map((c) => sql.ref(c)));
    const result = await sql<{ n: bigint; digest: string }>`
      SELECT count(*) AS n, md5(coalesce(string_agg(r, E'\n' ORDER BY r), '')) AS digest
      FROM (SELECT ROW(${row})::text AS r FROM ${sql.table(table)}) s`.execute(db);
    const first = result.rows[0]!;
    out[table] = `${first.n}:${first.digest}`;
  }
  return out;
}
