/** The Kysely instance over a pg pool. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// int8 (block numbers, counts) arrive as strings by default; we want bigint, never a lossy number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));
// numeric stays a string: callers convert where the precision is known.

/** Opens a pooled Kysely connection; `onIdleError` hears about idle connections the server dropped. */
export function createDb(
  connectionString: string,
  maxConnections = 10,
  onIdleError: (err: Error) => void = () => undefined,
): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // An idle client whose server went away (restart, shutdown) emits 'error' on the pool; unhandled,
  // that would crash the process. The next query simply gets a fresh connection.
  pool.on('error', onIdleError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
