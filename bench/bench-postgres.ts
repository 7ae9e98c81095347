/** The benchmark's own embedded PostgreSQL under .data/bench, kept between runs with its datasets. */
import path from 'node:path';
import {
  externalPostgres,
  isPortInUse,
  startEmbeddedPostgres,
  type PostgresHandle,
} from '../src/db/postgres-server.js';

/** Port of the bench server (not the one `npm start` uses). */
export const BENCH_PG_PORT = 54339;

/** Starts the bench server, or shares it when a previous run left it up. */
export async function startBenchPostgres(rootDir: string): Promise<PostgresHandle> {
  if (await isPortInUse(BENCH_PG_PORT)) {
    return externalPostgres(
      `postgres://provenance:provenance@127.0.0.1:${BENCH_PG_PORT}/provenance`,
    );
  }
  return startEmbeddedPostgres({
    dataDir: path.join(rootDir, '.data', 'bench', 'postgres'),
    port: BENCH_PG_PORT,
  });
}
