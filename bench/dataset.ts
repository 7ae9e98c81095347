/**
 * The benchmark dataset: a simulated chain of N events replayed through the real contract into
 * real-format blocks and indexed by the real runner into its own database on the bench's embedded
 * PostgreSQL. Building 1M events takes a while (the contract replay is the bottleneck), so a
 * finished dataset is kept, keyed by seed, size and DATASET_FORMAT, and reused by later runs
 * (migrated first, so new indexes and views apply to it).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import { createDb } from '../src/db/kysely.js';
import { migrate } from '../src/db/migrate.js';
import { createDatabase } from '../src/db/postgres-server.js';
import { IndexerRunner } from '../src/indexer/runner.js';
import { LedgerReplay } from '../src/loader/ledger-replay.js';
import { simulationBlocks } from '../src/loader/simulation-blocks.js';
import { streamingBlockSource } from '../src/loader/streaming-block-source.js';
import {
  generateSupplyChain,
  pickDrugLot,
  pickHeldIngredientLot,
  pickIngredientLot,
} from '../src/simulator/index.js';

/** What the benchmarks need to know about a loaded dataset. */
export interface DatasetInfo {
  seed: string;
  events: number;
  blocks: number;
  transactions: number;
  /** A drug lot with many units, and an ingredient lot whose downstream holds ≥ the recall target. */
  drugLot: string;
  ingredientLot: string;
  ingredientDownstreamUnits: number;
  /** An ingredient lot with ≥ the recall target of units still at distribution centres, if any. */
  heldIngredientLot?: string;
  heldUnits?: number;
  loadSeconds: number;
}

const META_TABLE = 'bench_dataset';

/**
 * Bumped whenever the contract writes different records for the same simulation (2: lazy
 * containment) or the simulation changes (3: the run's last lots are held at distribution
 * centres), so that a dataset built from older code is never reused.
 */
const DATASET_FORMAT = 3;

async function readInfo(db: Kysely<Database>): Promise<DatasetInfo | undefined> {
  const exists = await sql<{
    ok: boolean;
  }>`SELECT to_regclass(${META_TABLE}) IS NOT NULL AS ok`.execute(db);
  if (exists.rows[0]?.ok !== true) return undefined;
  const row = await sql<{
    info: DatasetInfo;
  }>`SELECT info FROM ${sql.table(META_TABLE)} LIMIT 1`.execute(db);
  return row.rows[0]?.info;
}

/** Opens (building it first if needed) the dataset of `events` events from `seed`. */
export async function ensureDataset(
  opts: { pgPort: number; events: number; seed: string; recallUnits: number },
  log: (line: string) => void,
): Promise<{ db: Kysely<Database>; connectionString: string; info: DatasetInfo }> {
  const name = `bench_${opts.seed}_${opts.events}_f${DATASET_FORMAT}`
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
  const url = `postgres://provenance:provenance@127.0.0.1:${opts.pgPort}/${name}`;
  let db = createDb(url, 8);
  const existing = await readInfo(db).catch(() => undefined);
  if (existing !== undefined) {
    log(`reusing dataset ${name}: ${existing.events} events in ${existing.blocks} blocks`);
    const migrated = await migrate(db as Kysely<unknown>);
    if (migrated.error !== undefined) throw migrated.error as Error;
    return { db, connectionString: url, info: existing };
  }
  await db.destroy();
  const connectionString = await createDatabase(opts.pgPort, name);
  db = createDb(connectionString, 8);
  const outcome = await migrate(db as Kysely<unknown>);
  if (outcome.error !== undefined) throw outcome.error as Error;
  log(
    `building dataset ${name}: ${opts.events} events through the contract, blocks, runner (first run only)`,
  );
  const started = Date.now();
  const sim = generateSupplyChain({
    seed: opts.seed,
    targetEvents: opts.events,
    eventsPerDocument: 50,
  });
  const replay = await LedgerReplay.create({
    channel: 'supplychain',
    chaincode: 'provenance',
    txPerBlock: 50,
    signatures: 'ecdsa',
    seed: opts.seed,
    // The simulation declares no errors, so history entries are never read back: not keeping them
    // is what lets a million-event replay fit in memory.
    retainHistory: false,
  });
  const run = sim.run();
  let events = 0;
  let transactions = 0;
  const source = streamingBlockSource(
    simulationBlocks(
      sim,
      replay,
      (p) => {
        events = p.events;
        transactions = p.transactions;
      },
      run,
    ),
  );
  const runner = new IndexerRunner({
    connectionString,
    source,
    channel: 'supplychain',
    chaincodeName: 'provenance',
    // Blocks of a million-event chain carry ~2,500 large events: a short read-ahead bounds memory.
    batch: { maxBlocks: 4 },
  });
  const controller = new AbortController();
  // A runner that stops (a fatal error: a streaming source cannot be read again after a retry)
  // ends the build with its error instead of leaving this loop waiting for blocks forever.
  let stopped: Error | undefined;
  const running = runner.run(controller.signal).catch((error: unknown) => {
    stopped =
      error instanceof Error ? error : new Error(`the indexer runner stopped: ${String(error)}`);
  });
  let lastLog = 0;
  while (!(source.finished && runner.status().indexedHeight >= source.produced)) {
    await new Promise((r) => setTimeout(r, 500));
    if (stopped !== undefined) throw stopped;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const seconds = (Date.now() - started) / 1000;
      log(
        `  … ${events} / ${opts.events} events replayed, ${runner.status().indexedHeight} blocks indexed, ${Math.round(events / seconds)} events/s, ${Math.round(seconds)} s`,
      );
    }
  }
  controller.abort();
  await running;
  if (replay.refused.length > 0)
    throw new Error(
      `the contract refused ${replay.refused.length} transactions: ${replay.refused[0]?.message ?? ''}`,
    );
  const summary = run.summary();
  const ingredient = pickIngredientLot(summary, opts.recallUnits);
  const drug = pickDrugLot(summary, 1_000, true);
  const held = pickHeldIngredientLot(summary, opts.recallUnits);
  if (ingredient === undefined || drug === undefined)
    throw new Error('the dataset has no lots to benchmark');
  const info: DatasetInfo = {
    seed: opts.seed,
    events,
    blocks: Number(source.produced),
    transactions,
    drugLot: drug.lotClass,
    ingredientLot: ingredient.lotClass,
    ingredientDownstreamUnits: ingredient.downstreamUnits,
    ...(held === undefined
      ? {}
      : { heldIngredientLot: held.lot.lotClass, heldUnits: held.heldUnits }),
    loadSeconds: Math.round((Date.now() - started) / 1000),
  };
  await sql`CREATE TABLE ${sql.table(META_TABLE)} (info jsonb NOT NULL)`.execute(db);
  await sql`INSERT INTO ${sql.table(META_TABLE)} (info) VALUES (${JSON.stringify(info)}::jsonb)`.execute(
    db,
  );
  // Measured right after the build, before autovacuum caught up, lineage_edge had 350,000 dead
  // rows and a third of its pages not all-visible: (c) ran ~9% slower than after a VACUUM.
  await sql`VACUUM (ANALYZE)`.execute(db);
  log(`dataset ${name} built in ${info.loadSeconds} s`);
  return { db, connectionString, info };
}
