/** `provenance migrate [--down]`: exits non-zero when a migration fails. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { createDb } from '../db/kysely.js';
import { migrate } from '../db/migrate.js';
import type { Logger } from '../logger.js';
import { openPostgres } from './postgres.js';

/** Applies (or reverts one) migration and reports each; returns the exit code. */
export async function runMigrateCommand(
  config: Config,
  log: Logger,
  direction: 'latest' | 'down',
): Promise<number> {
  const pg = await openPostgres(config, log);
  const db = createDb(pg.connectionString, 2);
  try {
    return await applyMigrations(db as Kysely<unknown>, log, direction);
  } finally {
    await db.destroy();
    await pg.stop();
  }
}

/** Runs the migrations on an open database and logs each outcome; 0 on success. */
export async function applyMigrations(
  db: Kysely<unknown>,
  log: Logger,
  direction: 'latest' | 'down' = 'latest',
): Promise<number> {
  const outcome = await migrate(db, direction);
  for (const result of outcome.results) {
    log.info(`migration ${result.migrationName}: ${result.direction} ${result.status}`);
  }
  if (outcome.error !== undefined) {
    const message =
      outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error);
    log.error(`migration failed: ${message}`);
    return 1;
  }
  if (outcome.results.length === 0) log.info('migrations: already up to date');
  return 0;
}
