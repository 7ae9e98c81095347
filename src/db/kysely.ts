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
  // Every session in UTC, whatever the server's or database's TimeZone: timestamps that reach
  // JSON text (footprint legs, recall answers) then compare and sort as text correctly, across
  // daylight-saving changes too. A client runs this before the pool hands it out.
  pool.on('connect', (client) => {
    client.query("SET TimeZone = 'UTC'").catch(onIdleError);
  });
  waitForClientsOnEnd(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Makes pool.end() (what db.destroy() calls) resolve only once every client's connection is
 * closed. pg-pool resolves it as soon as its list of clients is empty, while each client's
 * goodbye to the server is still under way: a server stopped right after (Ctrl-C stops the pool,
 * then PostgreSQL) would cut those connections, and they would report the loss as an error.
 */
export function waitForClientsOnEnd(pool: pg.Pool, timeoutMs = 5_000): void {
  const open = new Set<pg.PoolClient>();
  let allClosed: (() => void) | undefined;
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => {
    open.delete(client);
    if (open.size === 0) allClosed?.();
  });
  const end = pool.end.bind(pool);
  pool.end = async (): Promise<void> => {
    // Bounded: a connection that never confirms its close must not hold up a shutdown.
    const closed =
      open.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            allClosed = resolve;
            setTimeout(resolve, timeoutMs).unref();
          });
    await end();
    await closed;
  };
}
