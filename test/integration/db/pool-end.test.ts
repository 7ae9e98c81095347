import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForClientsOnEnd } from '../../../src/db/kysely.js';
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
