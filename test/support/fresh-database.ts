/** A new, migrated database on the run's embedded PostgreSQL, for one integration test file. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createDb } from '../../src/db/kysely.js';
import { migrate } from '../../src/db/migrate.js';
import { createDatabase } from '../../src/db/postgres-server.js';

/** A migrated database and its connection string. */
export interface TestDatabase {
  db: Kysely<Database>;
  connectionString: string;
}

/**
 * Creates and migrates a uniquely named database.
 * @throws the migration error if a migration fails.
 */
export async function freshDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const connectionString = await createDatabase(inject('pgPort'), name);
  const db = createDb(connectionString, 4);
  const outcome = await migrate(db as Kysely<unknown>);
  if (outcome.error !== undefined) throw outcome.error as Error;
  return { db, connectionString };
}
