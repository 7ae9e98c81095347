/** Opens the configured Postgres: DATABASE_URL, or the embedded server under .data/. */
import type { Config } from '../config.js';
import {
  externalPostgres,
  startEmbeddedPostgres,
  type PostgresHandle,
} from '../db/postgres-server.js';
import type { Logger } from '../logger.js';

/** Starts or connects to Postgres according to the configuration. */
export async function openPostgres(config: Config, log: Logger): Promise<PostgresHandle> {
  if (config.databaseUrl !== undefined) {
    log.info('using the Postgres server named by DATABASE_URL');
    return externalPostgres(config.databaseUrl);
  }
  const started = Date.now();
  const handle = await startEmbeddedPostgres(config.embeddedPg);
  log.info(
    `embedded PostgreSQL on 127.0.0.1:${config.embeddedPg.port} (data: ${config.embeddedPg.dataDir}) in ${Date.now() - started} ms`,
  );
  return handle;
}
