import { afterAll, describe, expect, it } from 'vitest';
import { projectBlock } from '../../../src/indexer/projector.js';
import { IndexerRunner } from '../../../src/indexer/runner.js';
import { storeBlocks } from '../../../src/indexer/store.js';
import { tryOpenWriterSession } from '../../../src/indexer/writer-session.js';
import { readFileSync } from 'node:fs';
import { TEST_CHAINCODE } from '../../support/block-factory.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { StubBlockSource } from '../../support/stub-block-source.js';
import { syntheticChain } from '../../support/synthetic-chain.js';

// Measures, and logs, EPCIS events per second through projector + store on this machine. The
// target is 20 000/s; the assertion is a loose floor so a slow CI box does not flake.
const BLOCKS = Number(process.env.THROUGHPUT_BLOCKS ?? 40);
const BATCH = 10;

/** CPU seconds (user + system) a local process has used, from /proc (Linux). */
function backendCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

describe('indexer throughput', () => {
  let t: TestDatabase | undefined;
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await t?.db.destroy();
    for (const o of opened) await o.db.destroy();
  });

  it.each(['packaging', 'commissioning'] as const)(
    'runs the runner end to end over %s events (stub source)',
    async (mix) => {
      const db = await freshDatabase('throughput');
      opened.push(db);
      const blocks = syntheticChain({ blocks: BLOCKS, txsPerBlock: 50, eventsPerTx: 10, mix });
      const runner = new IndexerRunner({
        connectionString: db.connectionString,
        source: new StubBlockSource(blocks),
        channel: 'supplychain',
        chaincodeName: TEST_CHAINCODE,
        batch: { maxBlocks: BATCH },
      });
      const stop = new AbortController();
      const t0 = performance.now();
      const running = runner.run(stop.signal);
      while (runner.status().indexedHeight < BigInt(blocks.length))
        await new Promise((r) => setTimeout(r, 5));
      const ms = performance.now() - t0;
      stop.abort();
      await running;
      const events = BLOCKS * 500;
      console.log(
        `[throughput] runner ${mix}: ${JSON.stringify({ events, ms: Math.round(ms), eventsPerSec: Math.round(events / (ms / 1000)) })}`,
      );
      expect(events / (ms / 1000)).toBeGreaterThan(2000);
    },
  );

  it(`projects and stores ${BLOCKS} blocks of 500 events`, async () => {
    t = await freshDatabase('throughput');
    const session = (await tryOpenWriterSession(t.connectionString, 'supplychain'))!;
    const blocks = syntheticChain({ blocks: BLOCKS, txsPerBlock: 50, eventsPerTx: 10 });
    const node0 = process.cpuUsage();
    const t0 = performance.now();
    const sets = blocks.map((b) => projectBlock(b, { chaincodeName: TEST_CHAINCODE }));
    const t1 = performance.now();
    const pg0 = backendCpuSeconds(session.backendPid);
    for (let i = 0; i < sets.length; i += BATCH)
      await storeBlocks(session.db, 'supplychain', sets.slice(i, i + BATCH));
    const t2 = performance.now();
    const pgCpu = backendCpuSeconds(session.backendPid) - pg0;
    const nodeCpu = (process.cpuUsage(node0).user + process.cpuUsage(node0).system) / 1e6;
    await session.release();
    const events = sets.reduce((n, s) => n + s.eventCount, 0);
    const rows = sets.reduce(
      (n, s) => n + Object.values(s.rows).reduce((m, r) => m + r.length, 0),
      0,
    );
    const line = {
      events,
      rows,
      projectMs: Math.round(t1 - t0),
      storeMs: Math.round(t2 - t1),
      projectEventsPerSec: Math.round(events / ((t1 - t0) / 1000)),
      storeEventsPerSec: Math.round(events / ((t2 - t1) / 1000)),
      endToEndEventsPerSec: Math.round(events / ((t2 - t0) / 1000)),
      // CPU seconds, immune to other processes on the machine: Postgres backend and this process.
      postgresCpuSec: Number(pgCpu.toFixed(2)),
      nodeCpuSec: Number(nodeCpu.toFixed(2)),
      eventsPerPostgresCpuSec: Math.round(events / pgCpu),
    };
    console.log(`[throughput] ${JSON.stringify(line)}`);
    const stored = await t.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(BigInt(events));
    expect(line.endToEndEventsPerSec).toBeGreaterThan(2000);
  });
});
