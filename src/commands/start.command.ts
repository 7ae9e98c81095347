/**
 * `provenance start` (npm start): ledger → Postgres → migrations → indexer → API, printing what
 * runs where. With Fabric binaries the ledger is the devnet; without them, an offline demo chain
 * (the real contract replayed into real-format blocks; see offline-demo.ts) feeds the indexer.
 * Ctrl-C (or SIGTERM) stops everything in reverse order; a second start resumes.
 */
import exitHook from 'async-exit-hook';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { createDb } from '../db/kysely.js';
import { createDatabase } from '../db/postgres-server.js';
import { devnet, devnetDown, devnetUp } from '../devnet/devnet.js';
import { FabricUnavailableError } from '../devnet/fabric-binaries.js';
import { gatewayOptions, orgIdentityFiles } from '../devnet/identities.js';
import type { BlockSource } from '../indexer/block-source.js';
import { IndexerRunner } from '../indexer/runner.js';
import { fabricBlockSource } from '../ledger/fabric-block-source.js';
import { connectOrg } from '../ledger/gateway-connection.js';
import type { Logger } from '../logger.js';
import { createLedgerServices, ledgerServicesFromEnv } from '../services/ledger-services.js';
import { startApiStack } from './api-stack.js';
import { ensureDevKeys } from './dev-keys.js';
import { applyMigrations } from './migrate.command.js';
import { buildOfflineDemo, OFFLINE_DEMO_DATABASE, type OfflineDemo } from './offline-demo.js';
import { openPostgres } from './postgres.js';

type Stopper = { name: string; stop: () => Promise<void> };

/** Brings the stack up and waits for a signal; returns the exit code. */
export async function runStartCommand(config: Config, log: Logger): Promise<number> {
  const stoppers: Stopper[] = [];
  const stopAll = async (): Promise<void> => {
    for (const { name, stop } of stoppers.reverse()) {
      try {
        await stop();
        log.info(`stopped ${name}`);
      } catch (err) {
        log.error(`stopping ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const summary: string[] = [];
  try {
    // 1. The ledger, or the offline demo chain when Fabric cannot run here.
    let source: BlockSource | undefined;
    let demo: OfflineDemo | undefined;
    const net = devnet(config, (line) => log.child('devnet').info(line));
    try {
      await devnetUp(net);
      stoppers.push({ name: 'devnet', stop: () => devnetDown(net, { purge: false }) });
      const manufacturer = net.topology.peers[0];
      if (manufacturer === undefined) throw new Error('devnet has no peer org');
      const connection = connectOrg(gatewayOptions(orgIdentityFiles(net.layout, manufacturer)));
      stoppers.push({
        name: 'gateway connection',
        stop: () => {
          connection.close();
          return Promise.resolve();
        },
      });
      source = fabricBlockSource(connection, config.channel);
      summary.push(
        `Fabric devnet   channel ${config.channel}, peers on 127.0.0.1:${net.topology.peers.map((p) => p.ports.peer).join(', ')}`,
      );
    } catch (err) {
      if (!(err instanceof FabricUnavailableError)) throw err;
      log.warn(`no ledger: ${err.message}`);
      if (config.databaseUrl === undefined) {
        log.warn(
          'serving an OFFLINE DEMO instead: a simulated chain replayed through the real contract into real-format blocks',
        );
        demo = await buildOfflineDemo(
          { channel: config.channel, chaincode: config.chaincodeName, events: 5_000 },
          log.child('demo'),
        );
        source = demo.source;
        summary.push(
          `Ledger          OFFLINE DEMO (${demo.events} events in ${demo.blocks} blocks; no Fabric binaries here)`,
        );
      } else {
        log.warn('DATABASE_URL is set: serving that mirror as it is, with no indexer');
        summary.push('Ledger          none (Fabric binaries unavailable); mirror served read-only');
      }
    }

    // 2. Postgres and the schema. The offline demo gets a database of its own, rebuilt each time.
    // Its own session: Ctrl-C reaches us only, and we stop Postgres after the indexer and API.
    const pg = await openPostgres(config, log, { ownSession: true });
    stoppers.push({ name: 'PostgreSQL', stop: () => pg.stop() });
    const connectionString =
      demo === undefined
        ? pg.connectionString
        : await createDatabase(config.embeddedPg.port, OFFLINE_DEMO_DATABASE);
    const db = createDb(connectionString, 10, (e) =>
      log.warn(`database: idle connection lost (${e.message})`),
    );
    stoppers.push({ name: 'database pool', stop: () => db.destroy() });
    if ((await applyMigrations(db as Kysely<unknown>, log)) !== 0) {
      await stopAll();
      return 1;
    }
    summary.push(
      `PostgreSQL      ${pg.embedded ? `embedded, 127.0.0.1:${config.embeddedPg.port}` : 'DATABASE_URL'}${demo === undefined ? '' : `, database ${OFFLINE_DEMO_DATABASE}`}`,
    );

    // 3. The indexer, in the background.
    if (source !== undefined) {
      const indexerLog = log.child('indexer');
      const runner = new IndexerRunner({
        connectionString,
        source,
        channel: config.channel,
        chaincodeName: config.chaincodeName,
        onProgress: (p) =>
          indexerLog.info(
            `indexed ${p.indexedHeight}/${p.chainHeight} blocks (${Math.round(p.blocksPerSecond)} blocks/s, ${Math.round(p.eventsPerSecond)} events/s${p.etaSeconds === undefined ? '' : `, ETA ${Math.round(p.etaSeconds)} s`})`,
          ),
        onEvent: (e) =>
          e.type === 'role'
            ? indexerLog.info(`role: ${e.role}`)
            : indexerLog.warn(`retry ${e.attempt} in ${e.delayMs} ms: ${e.error.message}`),
      });
      const controller = new AbortController();
      const running = runner.run(controller.signal).catch((err: unknown) => {
        indexerLog.error(`indexer stopped: ${err instanceof Error ? err.message : String(err)}`);
      });
      stoppers.push({
        name: 'indexer',
        stop: async () => {
          controller.abort();
          await running;
        },
      });
      summary.push('Indexer         running (progress above; Prometheus metrics at /metrics)');
    }

    // 4. The API.
    const ledger =
      demo === undefined
        ? ledgerServicesFromEnv(config.channel, config.chaincodeName)
        : createLedgerServices({ ledger: undefined, trust: undefined });
    const api = await startApiStack(config, db, connectionString, ledger, log);
    stoppers.push({ name: 'API', stop: () => api.stop() });
    summary.push(`GraphQL API     ${api.server.url} (subscriptions ${api.server.wsUrl})`);
    if (pg.embedded || demo !== undefined) {
      const keys = await ensureDevKeys(db, config.rootDir + '/.data', 'ManufacturerMSP');
      summary.push('Dev API keys    (send as "Authorization: Bearer <key>")');
      for (const [role, key] of Object.entries(keys)) summary.push(`  ${role.padEnd(19)} ${key}`);
    }
    if (demo?.drugLot !== undefined) {
      summary.push(
        'Try             { lineage(of: "' +
          demo.drugLot +
          '", direction: BOTH) { nodes { id kind } } }',
      );
      // A lot still at its distribution centres: its recall finds goods in stock, in cases.
      summary.push(
        '                { recallImpact(lot: "' +
          (demo.heldLot ?? demo.drugLot) +
          '") { totalCount summary { byStatus { status count } } } }  (recall_coordinator key)',
      );
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  process.stdout.write(
    `\nfabric-provenance is up:\n${summary.map((l) => `  ${l}`).join('\n')}\nPress Ctrl-C to stop.\n`,
  );
  // async-exit-hook runs our stop on SIGINT, SIGTERM or SIGHUP and exits once it is done (or
  // after its 10 s limit, so a stuck stop cannot keep the process alive).
  return new Promise<number>(() => {
    exitHook((done) => {
      log.info('signal received, stopping');
      void stopAll().finally(done);
    });
  });
}
