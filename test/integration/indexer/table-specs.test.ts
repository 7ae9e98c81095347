import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ORDERED_SPECS } from '../../../src/indexer/table-specs.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';

// Columns the indexer leaves to their default.
// Columns the database fills (a default) or the store derives after writing (never the projector).
const DEFAULTED: Record<string, string[]> = {
  blocks: ['indexed_at'],
  lineage_edge: ['stray_edges'],
};
const ALIASES: Record<string, string> = { 'timestamp with time zone': 'timestamptz' };

describe('write specs against the migrated schema', () => {
  let t: TestDatabase | undefined;
  afterAll(async () => {
    await t?.db.destroy();
  });

  it('lists every column of every projected table with its SQL type', async () => {
    t = await freshDatabase('specs');
    for (const spec of ORDERED_SPECS) {
      const { rows } = await sql<{ attname: string; type: string }>`
        SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = ${spec.table}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`.execute(
        t.db,
      );
      const actual = Object.fromEntries(
        rows
          .filter((r) => !(DEFAULTED[spec.table] ?? []).includes(r.attname))
          .map((r) => [r.attname, ALIASES[r.type] ?? r.type]),
      );
      const declared = Object.fromEntries(spec.columns.map((c, i) => [c, spec.types[i]]));
      expect(declared, spec.table).toEqual(actual);
    }
  });
});
