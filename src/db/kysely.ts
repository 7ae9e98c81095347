/** The Kysely instance over a pg pool. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// int8 (block numbers, counts) arrive as strings by default; we want bigint, never a lossy number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));
// numeric stays a string: callers convert where the precision is known.

/** Opens a pooled Kysely connection. */
export function createDb(connectionString: string, maxConnections = 10): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString, max: maxConnections }),
    }),
  });
}
