import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, waitForClientsOnEnd } from '../../../src/db/kysely.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase('pool_end');
});
afterAll(async () => {
  await database.db.destroy();
});

/** Three connections open at once, then pool.end(): how many had closed when it resolved. */
async function closedWhenEndResolves(pool: pg.Pool): Promise<{ opened: number; closed: number }> {
  let opened = 0;
  let closed = 0;
  pool.on('connect', () => opened++);
  pool.on('remove', () => closed++);
  await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.05)')));
  await pool.end();
  return { opened, closed };
}

describe('pool.end() of the pools createDb makes, on real PostgreSQL', () => {
  it('resolves only once every connection has closed', async () => {
    const pool = new pg.Pool({ connectionString: database.connectionString, max: 3 });
    waitForClientsOnEnd(pool);
    expect(await closedWhenEndResolves(pool)).toEqual({ opened: 3, closed: 3 });
  });

  it("(pg-pool's own end() resolves while connections are still closing: why the wrapper exists)", async () => {
    const pool = new pg.Pool({ connectionString: database.connectionString, max: 3 });
    const { opened, closed } = await closedWhenEndResolves(pool);
    expect(opened).toBe(3);
    expect(closed).toBeLessThan(3);
  });
});

describe('sessions of the pools createDb makes', () => {
  it('run in UTC even when the database says another time zone', async () => {
    const name = database.connectionString.split('/').at(-1)?.split('?')[0] ?? '';
    await sql`ALTER DATABASE ${sql.id(name)} SET TimeZone = 'America/New_York'`.execute(
      database.db,
    );
    const db = createDb(database.connectionString, 2);
    try {
      const plain = new pg.Client({ connectionString: database.connectionString });
      await plain.connect();
      const theirs = await plain.query<{ TimeZone: string }>('SHOW TimeZone');
      await plain.end();
      expect(theirs.rows[0]?.TimeZone).toBe('America/New_York');
      const ours = await Promise.all(
        [1, 2].map(() => sql<{ TimeZone: string }>`SHOW TimeZone`.execute(db)),
      );
      expect(ours.map((r) => r.rows[0]?.TimeZone)).toEqual(['UTC', 'UTC']);
    } finally {
      await db.destroy();
      await sql`ALTER DATABASE ${sql.id(name)} RESET TimeZone`.execute(database.db);
    }
  });
});
