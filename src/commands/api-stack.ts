/**
 * The API side of a running service: schema, HTTP + WebSocket server, block notifications from
 * Postgres, the subscription publisher, the recall CSV export and the purge of settled idempotency
 * keys, started and stopped together.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { metricsRegistry } from '../indexer/metrics.js';
import type { Logger } from '../logger.js';
import { startSubscriptionPublisher } from '../resolvers/subscriptions.publisher.js';
import { buildApiSchema } from '../schema/build-schema.js';
import { listenForIndexedBlocks } from '../server/block-notifications.js';
import { startApiServer, type ApiServer } from '../server/create-server.js';
import { InProcessPubSub } from '../server/pubsub.js';
import { recallCsvHandler } from '../server/recall-csv.js';
import { startIdempotencyPurge } from '../services/idempotency-purge.js';
import type { LedgerServices } from '../services/ledger-services.js';

/** A running API and how to stop it. */
export interface ApiStack {
  server: ApiServer;
  stop(): Promise<void>;
}

/** Starts the API on `config.apiPort` over `db`. */
export async function startApiStack(
  config: Config,
  db: Kysely<Database>,
  connectionString: string,
  ledger: LedgerServices,
  log: Logger,
): Promise<ApiStack> {
  const pubSub = new InProcessPubSub();
  const schema = await buildApiSchema({ channel: config.channel, pubSub, ledger });
  const listener = await listenForIndexedBlocks(connectionString, pubSub, log.child('notify'));
  const publisher = startSubscriptionPublisher(db, pubSub, log.child('subscriptions'));
  const purge = startIdempotencyPurge(
    db,
    { retentionMs: config.idempotencyRetentionHours * 3_600_000 },
    log.child('idempotency'),
  );
  const server = await startApiServer({
    schema,
    db,
    log: log.child('api'),
    port: config.apiPort,
    development: process.env.NODE_ENV !== 'production',
    metrics: metricsRegistry,
    routes: (app, authenticator) => {
      app.get('/export/recall-impact.csv', recallCsvHandler(db, authenticator, log.child('csv')));
    },
  });
  return {
    server,
    stop: async () => {
      await server.stop();
      await publisher.stop();
      await purge.stop();
      await listener.stop();
      ledger.close();
    },
  };
}
