/**
 * The API server in its own process, for every HTTP measurement: a client in the same Node process
 * would share one event loop with the server it measures. Prints its URL when ready.
 * Usage: node dist/bench/api-process.js <connection string>
 */
import { createDb } from '../src/db/kysely.js';
import { createLogger } from '../src/logger.js';
import { buildApiSchema } from '../src/schema/build-schema.js';
import { startApiServer } from '../src/server/create-server.js';

const connectionString = process.argv[2];
if (connectionString === undefined) throw new Error('usage: api-process.js <connection string>');
const db = createDb(connectionString, 10);
const server = await startApiServer({
  schema: await buildApiSchema({ channel: 'supplychain' }),
  db,
  log: createLogger('error'),
  port: 0,
  development: false,
});
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => {
  void server
    .stop()
    .then(() => db.destroy())
    .finally(() => process.exit(0));
});
