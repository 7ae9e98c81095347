/** `node dist/bench/load-dataset.js [events]`: builds (or finds) a benchmark dataset and exits. */
import { BENCH_PG_PORT, startBenchPostgres } from './bench-postgres.js';
import { ensureDataset } from './dataset.js';

const events = Number(process.argv[2] ?? 1_000_000);
const log = (line: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const pg = await startBenchPostgres(process.cwd());
try {
  const { db, info } = await ensureDataset(
    { pgPort: BENCH_PG_PORT, events, seed: 'bench', recallUnits: 10_000 },
    log,
  );
  log(JSON.stringify(info));
  await db.destroy();
} finally {
  await pg.stop();
}
process.exit(0);
