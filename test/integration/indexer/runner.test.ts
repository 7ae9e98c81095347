import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/db/checkpoint.queries.js';
import { HashChainError, PayloadError } from '../../../src/indexer/errors.js';
import type { CatchUpProgress } from '../../../src/indexer/indexer-status.js';
import { metricsRegistry } from '../../../src/indexer/metrics.js';
import {
  IndexerRunner,
  type RunnerEvent,
  type RunnerOptions,
} from '../../../src/indexer/runner.js';
import { ChainBuilder, payloadTx, TEST_CHAINCODE } from '../../support/block-factory.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { eventRecord, payload } from '../../support/payload-factory.js';
import { StubBlockSource } from '../../support/stub-block-source.js';
import { supplyChainScenario } from '../../support/supply-chain-scenario.js';
import { syntheticChain } from '../../support/synthetic-chain.js';
import { tableDigests } from '../../support/table-digest.js';

/** Polls `check` until it holds or `ms` pass. */
async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runner on real PostgreSQL with a stub block source', () => {
  const opened: TestDatabase[] = [];
  const open = async (): Promise<TestDatabase> => {
    const t = await freshDatabase('runner');
    opened.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of opened) await t.db.destroy();
  });
  const runner = (
    t: TestDatabase,
    channel: string,
    source: StubBlockSource,
    extra: Partial<RunnerOptions> = {},
  ) =>
    new IndexerRunner({
      connectionString: t.connectionString,
      source,
      channel,
      chaincodeName: TEST_CHAINCODE,
      standbyRetryMs: 50,
      backoff: { initialMs: 20, maxMs: 200 },
      progressIntervalMs: 0,
      ...extra,
    });

  it('catches up in batches, reports lag, progress and metrics, then follows the tip', async () => {
    const t = await open();
    const chain = new ChainBuilder();
    const blocks = syntheticChain({ blocks: 30, txsPerBlock: 4, eventsPerTx: 5 }, chain);
    const source = new StubBlockSource([...blocks], { delayMs: 5 });
    const progress: CatchUpProgress[] = [];
    // A clock an hour after the synthetic blocks, so lag in seconds is visible while behind.
    const now = () => Date.UTC(2026, 0, 1, 1);
    const r = runner(t, 'catchup', source, {
      batch: { maxBlocks: 4 },
      onProgress: (p) => progress.push(p),
      now,
    });
    const stop = new AbortController();
    const running = r.run(stop.signal);
    await until(() => r.status().indexedHeight === 31n);
    const behind = progress.find((p) => p.lagBlocks > 0n && p.etaSeconds !== undefined);
    expect(behind).toBeDefined();
    expect(behind!.blocksPerSecond).toBeGreaterThan(0);
    expect(behind!.chainHeight).toBe(31n);
    expect(progress.at(-1)).toMatchObject({ indexedHeight: 31n, lagBlocks: 0n });
    expect(r.status()).toMatchObject({
      role: 'leader',
      indexedHeight: 31n,
      chainHeight: 31n,
      lagBlocks: 0n,
      lagSeconds: 0,
    });

    // The chain moves: lag appears in status until the runner has the new blocks.
    const more = syntheticChain({ blocks: 3, txsPerBlock: 2, eventsPerTx: 5 }, chain).slice(31);
    source.append(...more);
    await until(() => r.status().indexedHeight === 34n);
    expect(await readCheckpoint(t.db, 'catchup')).toBe(34n);
    const metrics = await metricsRegistry.getMetricsAsJSON();
    const events = metrics.find((m) => m.name === 'provenance_indexer_events_total');
    const value = (events?.values ?? []).find((v) => v.labels.channel === 'catchup')?.value;
    expect(value).toBe(30 * 4 * 5 + 3 * 2 * 5);
    stop.abort();
    await running;
    expect(r.status().role).toBe('stopped');
  });

  it('reports lag in blocks and seconds while behind', async () => {
    const t = await open();
    const blocks = syntheticChain({ blocks: 6, txsPerBlock: 1, eventsPerTx: 2 });
    const source = new StubBlockSource([...blocks], { delayMs: 150 });
    const r = runner(t, 'lag', source, {
      batch: { maxBlocks: 1 },
      now: () => Date.UTC(2026, 0, 1, 1),
    });
    const stop = new AbortController();
    const running = r.run(stop.signal);
    await until(() => r.status().indexedHeight >= 2n);
    const status = r.status();
    expect(status.lagBlocks).toBeGreaterThan(0n);
    expect(status.lagSeconds).toBeGreaterThan(3000);
    stop.abort();
    await running;
  });

  it('retries a retryable source failure with backoff and loses nothing', async () => {
    const t = await open();
    const blocks = supplyChainScenario().blocks;
    const source = new StubBlockSource([...blocks], { failOnceAt: 4n });
    const events: RunnerEvent[] = [];
    const r = runner(t, 'supplychain', source, { onEvent: (e) => events.push(e) });
    const stop = new AbortController();
    const running = r.run(stop.signal);
    await until(() => r.status().indexedHeight === BigInt(blocks.length));
    stop.abort();
    await running;
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(source.streamsOpened).toBe(2);
    // Same tables as the store tests' clean run: compare with a direct, uninterrupted index.
    const clean = await open();
    const direct = runner(clean, 'supplychain', new StubBlockSource([...blocks]));
    const stopDirect = new AbortController();
    const directRun = direct.run(stopDirect.signal);
    await until(() => direct.status().indexedHeight === BigInt(blocks.length));
    stopDirect.abort();
    await directRun;
    expect(await tableDigests(t.db)).toEqual(await tableDigests(clean.db));
  });

  it('stops on a fatal error naming the block and transaction, leaving the checkpoint before it', async () => {
    const t = await open();
    const chain = new ChainBuilder();
    chain.addConfig();
    chain.add([payloadTx(payload([eventRecord({ eventId: 'ok' })]))]);
    chain.add([payloadTx({ ...payload([]), version: 99 }, { txId: 'tx-from-the-future' })]);
    const r = runner(t, 'fatal', new StubBlockSource([...chain.blocks]));
    await expect(r.run(new AbortController().signal)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof PayloadError &&
        /version 99/.test(e.message) &&
        /block 2/.test(e.message) &&
        /tx-from-the-future/.test(e.message),
    );
    expect(r.status().role).toBe('failed');
    expect(await readCheckpoint(t.db, 'fatal')).toBe(2n);
  });

  it('stops on a block whose data hash does not cover its envelopes, before storing it', async () => {
    const t = await open();
    const chain = new ChainBuilder();
    chain.addConfig();
    chain.add([payloadTx(payload([eventRecord({ eventId: 'ok' })]))]);
    const altered = chain.add([payloadTx(payload([eventRecord({ eventId: 'forged' })]))]);
    altered.dataHashMatches = false;
    const r = runner(t, 'datahash', new StubBlockSource([...chain.blocks]));
    await expect(r.run(new AbortController().signal)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof HashChainError && /block 2: its data hash is not the SHA-256/.test(e.message),
    );
    expect(await readCheckpoint(t.db, 'datahash')).toBe(2n);
    expect(
      await t.db.selectFrom('events').select('event_id').where('event_id', '=', 'forged').execute(),
    ).toEqual([]);
  });

  it('lets one runner hold the lock; the standby takes over when the leader stops or its session dies', async () => {
    const t = await open();
    const chain = new ChainBuilder();
    const blocks = syntheticChain({ blocks: 5, txsPerBlock: 2, eventsPerTx: 5 }, chain);
    const source = new StubBlockSource([...blocks]);
    // A reconnects slowly after losing its session, so B (polling every 50 ms) wins the lock.
    const a = runner(t, 'ha', source, { backoff: { initialMs: 1500, maxMs: 1500 } });
    const b = runner(t, 'ha', source);
    const stopA = new AbortController();
    const stopB = new AbortController();
    const runningA = a.run(stopA.signal);
    await until(() => a.status().role === 'leader');
    const runningB = b.run(stopB.signal);
    await until(() => b.status().role === 'standby');
    const locks = async () =>
      (
        await sql<{
          pid: number;
        }>`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted`.execute(t.db)
      ).rows;
    expect(await locks()).toHaveLength(1);
    await until(() => a.status().indexedHeight === 6n);

    // The leader's session dies (as when its process is killed): the standby takes over.
    const killer = new pg.Client(t.connectionString);
    await killer.connect();
    await killer.query('SELECT pg_terminate_backend($1)', [(await locks())[0]!.pid]);
    await killer.end();
    await until(() => b.status().role === 'leader');
    await until(() => a.status().role === 'standby');
    source.append(...syntheticChain({ blocks: 2, txsPerBlock: 1, eventsPerTx: 5 }, chain).slice(6));
    await until(() => b.status().indexedHeight === 8n);
    expect(await locks()).toHaveLength(1);

    // A clean stop of the leader hands over too.
    stopB.abort();
    await runningB;
    await until(() => a.status().role === 'leader');
    source.append(...syntheticChain({ blocks: 1, txsPerBlock: 1, eventsPerTx: 5 }, chain).slice(8));
    await until(() => a.status().indexedHeight === 9n);
    stopA.abort();
    await runningA;
    expect(await readCheckpoint(t.db, 'ha')).toBe(9n);
  });
});
