/**
 * `node --max-old-space-size=12288 dist/bench/load-dataset.js [events]`: builds (or finds) a
 * benchmark dataset and exits, as `npm run bench` would before measuring.
 */
import v8 from 'node:v8';
import { BENCH_PG_PORT, startBenchPostgres } from './bench-postgres.js';
import { ensureDataset } from './dataset.js';

const events = Number(process.argv[2] ?? 1_000_000);
// The replay holds the contract's world state in memory: 3–4 GB at a million events (4.1 GB
// RSS at 931k), too close to node's default heap here (4 GB). Say so before half an hour's
// work, not after it.
const heapMb = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
if (events > 250_000 && heapMb < 11_000) {
  process.stderr.write(
    `building ${events} events needs a larger heap than node's ${Math.round(heapMb)} MB: run node --max-old-space-size=12288 dist/bench/load-dataset.js ${events} (as npm run bench does)\n`,
  );
  process.exit(2);
}
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
