import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { freshDatabase, type TestDatabase } from '../support/fresh-database.js';

describe('migrations on real PostgreSQL', () => {
  let test: TestDatabase | undefined;
  afterAll(async () => {
    await test?.db.destroy();
  });

  it('migrate to latest, then every migration down and up again, leaves the same tables', async () => {
    test = await freshDatabase('migrations');
    const tables = async (): Promise<string[]> => {
      const result = await sql<{ table_name: string }>`
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(
        test!.db,
      );
      return result.rows.map((r) => r.table_name);
    };
    const before = await tables();
    expect(before).toContain('indexer_checkpoint');
    for (;;) {
      const down = await migrate(test.db as Kysely<unknown>, 'down');
      expect(down.error).toBeUndefined();
      if (down.results.length === 0) break;
    }
    expect(await tables()).toEqual([]);
    const up = await migrate(test.db as Kysely<unknown>);
    expect(up.error).toBeUndefined();
    expect(await tables()).toEqual(before);
  });
});
