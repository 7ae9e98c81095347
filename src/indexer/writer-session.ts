/**
 * The single-writer session (invariant 7): one dedicated Postgres connection that holds a
 * session-level advisory lock AND carries every write. If the connection dies, the lock and any
 * open transaction die with it, so a standby that takes the lock can never race a writer that
 * lost it (a pool would silently hand the writes to a connection without the lock).
 */
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { RetryableIndexerError } from './errors.js';

/** A held writer lock and the Kysely instance over its connection. */
export interface WriterSession {
  /** Kysely over the locked connection; use it sequentially (one connection). */
  readonly db: Kysely<Database>;
  /** Aborts when the connection is lost (and with it the lock). */
  readonly lost: AbortSignal;
  /** Server process id of the connection (for operators and tests). */
  readonly backendPid: number;
  /** Unlocks and closes the connection; safe to call twice. */
  release(): Promise<void>;
}

// int8 as bigint on this client too, whether or not src/db/kysely.ts set the global parser.
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));

/** Advisory lock key text of a channel's indexer; hashed to the bigint lock id in SQL. */
export function writerLockName(channel: string): string {
  return `fabric-provenance:indexer:${channel}`;
}

/**
 * Connects and tries the channel's writer lock once. `idleInTransactionMs`: how long the server
 * lets the session sit idle inside a transaction before ending it (default one minute).
 * @returns the session, or undefined when another writer holds the lock.
 * @throws the connection error when Postgres cannot be reached (retryable).
 */
export async function tryOpenWriterSession(
  connectionString: string,
  channel: string,
  idleInTransactionMs = 60_000,
): Promise<WriterSession | undefined> {
  // TCP keepalive from 10 s of silence: a half-open connection (network partition, failover) is
  // found in minutes, not the OS default of two hours.
  const client = new pg.Client({
    connectionString,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
  });
  const lost = new AbortController();
  // Without a listener a dropped connection would crash the process as an unhandled 'error'.
  client.on('error', (err) =>
    lost.abort(new RetryableIndexerError('writer connection lost', {}, { cause: err })),
  );
  client.on('end', () => lost.abort(new RetryableIndexerError('writer connection ended')));
  await client.connect();
  let locked = false;
  try {
    const result = await client.query<{ locked: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked, pg_backend_pid() AS pid',
      [writerLockName(channel)],
    );
    const row = result.rows[0];
    locked = row?.locked === true;
    if (!locked || row === undefined) return undefined;
    // A writer that stalls inside a batch transaction (its process hung, its network gone) is cut
    // off by the server, which ends the session and frees the lock for a standby. A batch
    // statement follows the previous one within milliseconds, so a minute is far from normal.
    await client.query(
      `SET idle_in_transaction_session_timeout = ${Math.max(1, Math.trunc(idleInTransactionMs))}`,
    );
    const pool: PostgresPool = {
      connect: () =>
        Promise.resolve(
          Object.assign(client, { release: () => undefined }) as unknown as PostgresPoolClient,
        ),
      end: () => Promise.resolve(),
    };
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    let released = false;
    return {
      db,
      lost: lost.signal,
      backendPid: row.pid,
      release: async () => {
        if (released) return;
        released = true;
        await db.destroy();
        // Closing the session releases the lock; end() also covers a connection already gone.
        await client.end().catch(() => undefined);
      },
    };
  } finally {
    if (!locked) await client.end().catch(() => undefined);
  }
}
