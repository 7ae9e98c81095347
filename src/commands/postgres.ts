/** Opens the configured Postgres: DATABASE_URL, or the embedded server under .data/. */
import type { Config } from '../config.js';
import { answersQueries } from '../db/embedded-cluster.js';
import {
  embeddedConnectionString,
  externalPostgres,
  isPortInUse,
  startEmbeddedPostgres,
  type PostgresHandle,
} from '../db/postgres-server.js';
import type { Logger } from '../logger.js';

/**
 * Starts or connects to Postgres according to the configuration. When the embedded server is
 * already running (say, under `npm start`), commands such as `provenance api-key` share it.
 * `ownSession`: see EmbeddedPostgresOptions (for a command that stops it itself on Ctrl-C).
 */
export async function openPostgres(
  config: Config,
  log: Logger,
  options: { ownSession?: boolean } = {},
): Promise<PostgresHandle> {
  if (config.databaseUrl !== undefined) {
    log.info('using the Postgres server named by DATABASE_URL');
    return externalPostgres(config.databaseUrl);
  }
  const shared = embeddedConnectionString(config.embeddedPg.port);
  if ((await isPortInUse(config.embeddedPg.port)) && (await answersQueries(shared, 2_000))) {
    log.info(
      `using the embedded PostgreSQL already running on 127.0.0.1:${config.embeddedPg.port}`,
    );
    return externalPostgres(shared);
  }
  const started = Date.now();
  const handle = await startEmbeddedPostgres({ ...config.embeddedPg, ...options });
  log.info(
    `embedded PostgreSQL on 127.0.0.1:${config.embeddedPg.port} (data: ${config.embeddedPg.dataDir}) in ${Date.now() - started} ms`,
  );
  return handle;
}
