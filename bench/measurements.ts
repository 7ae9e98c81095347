/**
 * The individual measurements of `npm run bench`. Each returns figures or says why it cannot be
 * measured here; none invents a number.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import { createDatabase, dropDatabase } from '../src/db/postgres-server.js';
import { createDb } from '../src/db/kysely.js';
import { migrate } from '../src/db/migrate.js';
import { IndexerRunner } from '../src/indexer/runner.js';
import { decodeBlock } from '../src/ledger/block-decoder.js';
import { getDevIdentities } from '../src/ledger/dev-identities.js';
import { LedgerReplay } from '../src/loader/ledger-replay.js';
import { replayBlockSource } from '../src/loader/replay-block-source.js';
import { simulationBlocks } from '../src/loader/simulation-blocks.js';
import { buildProofBundle } from '../src/proof/proof-builder.js';
import { verifyProofBundle } from '../src/proof/proof-verifier.js';
import { generateSupplyChain } from '../src/simulator/index.js';

/** Real-format blocks of a small simulated chain, with how many events they carry. */
export async function replayedBlocks(
  events: number,
  seed: string,
): Promise<{ blocks: Uint8Array[]; events: number; seconds: number }> {
  const started = performance.now();
  const sim = generateSupplyChain({ seed, targetEvents: events, eventsPerDocument: 50 });
  const replay = await LedgerReplay.create({
    channel: 'supplychain',
    chaincode: 'provenance',
    txPerBlock: 50,
    signatures: 'ecdsa',
    seed,
  });
  const blocks: Uint8Array[] = [];
  let count = 0;
  for await (const block of simulationBlocks(sim, replay, (p) => (count = p.events)))
    blocks.push(block.bytes);
  // A refused transaction would be events counted but never replayed: the figure would lie.
  if (replay.refused.length > 0)
    throw new Error(
      `the contract refused ${replay.refused.length} transactions: ${replay.refused[0]?.message ?? ''}`,
    );
  return { blocks, events: count, seconds: (performance.now() - started) / 1000 };
}

/** Indexes `blocks` into a fresh database with the real runner; events/s end to end (decode, project, store). */
export async function projectionThroughput(
  pgPort: number,
  blocks: Uint8Array[],
  events: number,
): Promise<{ eventsPerSecond: number; seconds: number }> {
  const connectionString = await createDatabase(pgPort, 'bench_projection');
  const db = createDb(connectionString, 4);
  const outcome = await migrate(db as Kysely<unknown>);
  if (outcome.error !== undefined) throw outcome.error as Error;
  const runner = new IndexerRunner({
    connectionString,
    source: replayBlockSource(blocks),
    channel: 'supplychain',
    chaincodeName: 'provenance',
  });
  const controller = new AbortController();
  const started = performance.now();
  const running = runner.run(controller.signal);
  while (runner.status().indexedHeight < BigInt(blocks.length))
    await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - started) / 1000;
  controller.abort();
  await running;
  await db.destroy();
  // Gone before the query figures: autovacuum working through its fresh rows would run beside them.
  await dropDatabase(pgPort, 'bench_projection');
  return { eventsPerSecond: Math.round(events / seconds), seconds };
}

/** Build and verify times of proof bundles for transactions of real-format blocks. */
export async function proofTimes(
  blocks: Uint8Array[],
  runs: number,
): Promise<{ buildMs: number; verifyMs: number; bundles: number }> {
  const identities = await getDevIdentities();
  const policy = { type: 'MAJORITY' as const, orgs: [...identities.applicationMsps] };
  const trust = {
    caCertificatesPem: identities.caCertificatesByMsp,
    ordererMsps: [identities.orderer.mspId],
    policy,
  };
  const targets = blocks
    .slice(1, 1 + runs)
    .map((raw) => ({ raw, txId: decodeBlock(raw).transactions[0]?.txId ?? '' }));
  let build = 0;
  let verify = 0;
  for (const { raw, txId } of targets) {
    let t = performance.now();
    const bundle = buildProofBundle(raw, txId, { channel: 'supplychain', headerChain: [], policy });
    build += performance.now() - t;
    t = performance.now();
    const result = verifyProofBundle(JSON.parse(JSON.stringify(bundle)) as unknown, trust);
    verify += performance.now() - t;
    if (!result.valid)
      throw new Error(
        `proof of ${txId} did not verify: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`,
      );
  }
  return {
    buildMs: build / targets.length,
    verifyMs: verify / targets.length,
    bundles: targets.length,
  };
}

/**
 * Sends `request` from `concurrency` loops: `warmupSeconds` first, uncounted (the server's code
 * paths for this request get compiled, as the latency figures' warm-up runs do), then `seconds`
 * counted. Completed requests per second of wall time, until the last request in flight returns.
 */
export async function requestsPerSecond(
  request: () => Promise<void>,
  concurrency: number,
  seconds: number,
  warmupSeconds = 2,
): Promise<number> {
  const loops = async (until: number, onDone: () => void): Promise<void> => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await request();
          onDone();
        }
      }),
    );
  };
  await loops(performance.now() + warmupSeconds * 1000, () => undefined);
  let done = 0;
  const started = performance.now();
  await loops(started + seconds * 1000, () => done++);
  return Math.round(done / ((performance.now() - started) / 1000));
}

/** Counts rows of a table (for the report's dataset line). */
export async function countRows(
  db: Kysely<Database>,
  table: 'events' | 'identifier_state' | 'lots',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first serial (in URN order) that belongs to `lotClass`. */
export async function firstMember(db: Kysely<Database>, lotClass: string): Promise<string> {
  const row = await db
    .selectFrom('lineage_edge')
    .select('to_id')
    .where('from_id', '=', lotClass)
    .where('kind', '=', 'lot_membership')
    .orderBy('to_id')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.to_id;
}

/**
 * The instant at which the most serials of `lotClasses` sat in containers (a sweep over their
 * aggregation edges: +1 when packed, −1 when unpacked): the shape of a recall whose goods are
 * still in distribution, in cases on pallets, rather than dispensed. Null when none was packed.
 */
export async function busiestPackingInstant(
  db: Kysely<Database>,
  lotClasses: string[],
): Promise<Date | null> {
  const { rows } = await sql<{ t: Date }>`
    SELECT t FROM (
      SELECT t, sum(d) OVER (ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS packed FROM (
        SELECT valid_from AS t, 1 AS d FROM lineage_edge
        WHERE kind = 'aggregation' AND from_lot = ANY (${lotClasses}::text[])
        UNION ALL
        SELECT valid_to, -1 FROM lineage_edge
        WHERE kind = 'aggregation' AND from_lot = ANY (${lotClasses}::text[]) AND valid_to IS NOT NULL
      ) changes
    ) sweep ORDER BY packed DESC, t LIMIT 1`.execute(db);
  return rows[0]?.t ?? null;
}

/**
 * Flushes what the write path left dirty (the projection's database, a migrated dataset) in one
 * checkpoint now, so that a spread checkpoint does not write it out during the timed reads.
 * Returns why it could not, when the role may not checkpoint.
 */
export async function checkpointNow(db: Kysely<Database>): Promise<string | undefined> {
  try {
    await sql`CHECKPOINT`.execute(db);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
