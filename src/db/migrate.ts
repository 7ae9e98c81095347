/** Runs the Kysely migrations in migrations/ (YYYY_MM_DD_NNN_what.ts, never edited once landed). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResult,
} from 'kysely';

/** The migrations folder next to this file's package root (works from src/ and from dist/src/). */
export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'migrations',
);

/**
 * Loads migrations/ with this module's own dynamic import (Kysely's FileMigrationProvider imports
 * from inside node_modules, which cannot load .ts files under the test runner).
 */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of (await fs.readdir(this.folder)).sort()) {
      if (!/^\d{4}_\d{2}_\d{2}_\d{3}_[a-z0-9_]+\.(ts|js)$/.test(file) || file.endsWith('.d.ts'))
        continue;
      const module = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = module;
    }
    return migrations;
  }
}

/** Outcome of a migration run: what ran, and the error if one failed. */
export interface MigrationOutcome {
  results: MigrationResult[];
  error?: unknown;
}

/**
 * Migrates to the latest version (or one step down). Never throws for a failed migration:
 * the caller reports `error` and exits non-zero.
 */
export async function migrate(
  db: Kysely<unknown>,
  direction: 'latest' | 'down' = 'latest',
): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(),
  });
  const { results, error } =
    direction === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateDown();
  return { results: results ?? [], ...(error === undefined ? {} : { error }) };
}
