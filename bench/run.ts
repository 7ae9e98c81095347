/**
 * `npm run bench [-- --events N]`: one run, one table, side by side with the baselines, written
 * to BENCHMARKS.md. The dataset (N simulated events replayed through the real contract into
 * real-format blocks and indexed by the real runner) is built once and reused.
 */
import '../src/loader/quiet-contract-logs.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { insertApiKey } from '../src/db/api-keys.queries.js';
import { generateApiKey } from '../src/server/api-keys.js';
import { recallHopByHop } from './baselines/recall-hop-by-hop.js';
import { lotsPageBatched, lotsPagePerRow } from './baselines/per-row-resolvers.js';
import { BENCH_PG_PORT, startBenchPostgres } from './bench-postgres.js';
import { startApiProcess } from './api-child.js';
import { ensureDataset } from './dataset.js';
import { JsonPoster, withOwnCpu } from './http-client.js';
import { machineInfo } from './machine.js';
import {
  busiestPackingInstant,
  checkpointNow,
  countRows,
  firstMember,
  projectionThroughput,
  proofTimes,
  replayedBlocks,
  requestsPerSecond,
} from './measurements.js';
import { renderTable, writeBenchmarksFile, type ReportRow } from './report.js';
import { timeRuns, type Latency } from './stats.js';

const USAGE = `Usage: npm run bench -- [--events N] [--projection-events N] [--help]

Measures replay, projection, proofs and the API's queries on a simulated chain of N events
(default 100,000; the figures in BENCHMARKS.md are taken at 1,000,000), side by side with the
baselines, prints one table and writes BENCHMARKS.md. The dataset is built once (about half an
hour at 1M events on 2 cores) and cached in the bench's PostgreSQL under .data/bench.

  --events N              size of the query dataset (default 100000)
  --projection-events N   events replayed and indexed for the projection row (default 30000)
  --help                  this text
`;

/** The options, or exit with the usage on --help (0) or a bad option (2). */
function options(): { events: number; projectionEvents: number } {
  let values: { events?: string; 'projection-events'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        events: { type: 'string' },
        'projection-events': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const count = (name: string, text: string | undefined, fallback: number): number => {
    const n = Number(text ?? fallback);
    if (Number.isInteger(n) && n >= 1_000) return n;
    process.stderr.write(`--${name} must be a whole number of at least 1000, not ${text}\n`);
    process.exit(2);
  };
  return {
    events: count('events', values.events, 100_000),
    projectionEvents: count('projection-events', values['projection-events'], 30_000),
  };
}
const { events: EVENTS, projectionEvents: PROJECTION_EVENTS } = options();
const ROOT = process.cwd();
const say = (line: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const ms = (l: Latency): string =>
  `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms (${l.runs} runs)`;
const NOT_HERE =
  'not built yet: needs the Fabric devnet, and Fabric binaries cannot be had on this machine';

const rows: ReportRow[] = [];

/** What the report says of a recall's answer: its size and how much of it is containers. */
const recallShapeQuery =
  'query($lot: String!, $asOf: DateTime) { recallImpact(lot: $lot, asOf: $asOf, first: 1) { totalCount summary { byKind { kind count } lots { lotClass } } } }';
interface RecallShape {
  recallImpact: {
    totalCount: number;
    summary: { byKind: { kind: string; count: number }[]; lots: { lotClass: string }[] };
  };
}
const describeRecall = (r: RecallShape): string =>
  `${r.recallImpact.totalCount} affected items: ${r.recallImpact.summary.byKind
    .map((k) => `${k.count} ${k.kind.toLowerCase()}`)
    .join(', ')}`;

/**
 * Replay, projection and proof figures. Its blocks (hundreds of MB) die with this call: the heap
 * is collected before the query figures, so that a garbage collection of the client's own
 * leftovers never lands inside a timed request.
 */
async function measureWritePath(): Promise<void> {
  say(`projection: replaying ${PROJECTION_EVENTS} events into real-format blocks`);
  const small = await replayedBlocks(PROJECTION_EVENTS, 'projection');
  rows.push({
    name: 'contract replay (in-memory ledger, signed blocks)',
    value: `${Math.round(small.events / small.seconds)} events/s`,
    target: '—',
    baseline: '—',
  });
  const projection = await projectionThroughput(BENCH_PG_PORT, small.blocks, small.events);
  rows.push({
    name: `projection: blocks → mirror (runner: decode, project, store; ${small.events} events)`,
    value: `${projection.eventsPerSecond} events/s`,
    target: '≥ 20,000 events/s',
    baseline: '—',
  });
  const proofs = await proofTimes(small.blocks, Math.min(50, small.blocks.length - 1));
  rows.push({
    name: `proof bundle build / verify (${proofs.bundles} bundles)`,
    value: `${proofs.buildMs.toFixed(2)} ms / ${proofs.verifyMs.toFixed(2)} ms`,
    target: '—',
    baseline: '—',
  });
}

const machine = machineInfo();
say(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB`);
const pg = await startBenchPostgres(ROOT);
try {
  await measureWritePath();
  rows.push({
    name: 'commit → indexed lag on the devnet',
    value: NOT_HERE,
    target: 'p95 < 1 s',
    baseline: '—',
  });
  rows.push({ name: 'capture tx/s on the devnet', value: NOT_HERE, target: '—', baseline: '—' });

  const { db, info, connectionString } = await ensureDataset(
    { pgPort: BENCH_PG_PORT, events: EVENTS, seed: 'bench', recallUnits: 10_000 },
    say,
  );
  const notCheckpointed = await checkpointNow(db);
  say(
    notCheckpointed === undefined
      ? 'checkpoint done: the write path leaves nothing for a background checkpoint to flush during the reads'
      : `no checkpoint (${notCheckpointed}): a background one may run during the reads`,
  );
  const units = await countRows(db, 'identifier_state');
  const dataset = `${info.events} events (${info.blocks} blocks, ${units} identifiers), seed "${info.seed}", built in ${info.loadSeconds} s`;
  say(`dataset: ${dataset}`);

  // Collect the client's own heap before timing requests: the replay's blocks and a dataset build
  // leave a large one behind. (`npm run bench` passes --expose-gc; run otherwise, this is skipped.)
  (globalThis as { gc?: () => void }).gc?.();
  const keys = { recall: generateApiKey(), reader: generateApiKey(), analyst: generateApiKey() };
  await insertApiKey(db, {
    keyHash: keys.recall.hash,
    name: 'bench',
    role: 'recall_coordinator',
    organizationMsp: 'ManufacturerMSP',
  });
  await insertApiKey(db, {
    keyHash: keys.reader.hash,
    name: 'bench',
    role: 'reader',
    organizationMsp: 'ManufacturerMSP',
  });
  // Every HTTP figure is taken against the API in its own process, as deployed (NODE_ENV
  // production): a client in the server's process would share its event loop and add its own
  // work to every latency.
  const server = await startApiProcess(connectionString);
  const poster = new JsonPoster(server.url);
  const gql = async (
    key: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<unknown> => {
    const text = await poster.post(JSON.stringify({ query, variables }), {
      authorization: `Bearer ${key}`,
    });
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    if (body.errors !== undefined)
      throw new Error(`GraphQL error: ${JSON.stringify(body.errors[0])}`);
    return body.data;
  };
  try {
    const recallQuery =
      'query($lot: String!, $asOf: DateTime) { recallImpact(lot: $lot, asOf: $asOf, first: 50) { totalCount summary { byStatus { status count } } edges { node { id status } } } }';
    const wholeRecallQuery = `query($lot: String!) { recallImpact(lot: $lot, first: 50) { totalCount
      summary { byKind { kind count } byStatus { status count } byParty { ownerMsp ownerParty count }
        byLocation { location name count } lots { lotClass quantityRemaining } inTransit { shipEventId affectedItems }
        excursions { eventId affectedItems } }
      edges { node { id kind status lotClass ownerMsp possessorMsp location locationName disposition container
        topContainer lastEventTime txId blockNumber reachedVia { kind from eventId txId } } } } }`;
    const recall = (await gql(keys.recall.secret, recallShapeQuery, {
      lot: info.ingredientLot,
    })) as RecallShape;
    say(`recallImpact of ${info.ingredientLot}: ${describeRecall(recall)}`);
    const ours = await timeRuns(
      () => gql(keys.recall.secret, recallQuery, { lot: info.ingredientLot }),
      50,
    );
    const hop = await timeRuns(() => recallHopByHop(db, [info.ingredientLot], new Date()), 3, 0);
    rows.push({
      name: `recallImpact over HTTP, now (${describeRecall(recall)}; counts by status + page of 50)`,
      value: ms(ours),
      target: 'p95 < 100 ms at ≥ 10,000 downstream units, 1M events',
      baseline: `hop-by-hop (one query per hop, in-process): p50 ${hop.p50.toFixed(0)} ms → ${(hop.p50 / ours.p50).toFixed(0)}× slower`,
    });
    // By now the simulation has dispensed most of the lot: the same recall as of the instant when
    // most of its serials sat in cases on pallets is the harder shape (every container's chain).
    const packedAt = await busiestPackingInstant(
      db,
      recall.recallImpact.summary.lots.map((l) => l.lotClass),
    );
    if (packedAt !== null) {
      const asOf = packedAt.toISOString();
      const packed = (await gql(keys.recall.secret, recallShapeQuery, {
        lot: info.ingredientLot,
        asOf,
      })) as RecallShape;
      say(`recallImpact of ${info.ingredientLot} as of ${asOf}: ${describeRecall(packed)}`);
      const inDistribution = await timeRuns(
        () => gql(keys.recall.secret, recallQuery, { lot: info.ingredientLot, asOf }),
        50,
      );
      const hopPacked = await timeRuns(
        () => recallHopByHop(db, [info.ingredientLot], packedAt),
        3,
        0,
      );
      rows.push({
        name: `recallImpact over HTTP, asOf ${asOf} (${describeRecall(packed)}; counts by status + page of 50)`,
        value: ms(inDistribution),
        target: 'p95 < 100 ms at ≥ 10,000 downstream units, 1M events',
        baseline: `hop-by-hop (in-process): p50 ${hopPacked.p50.toFixed(0)} ms → ${(hopPacked.p50 / inDistribution.p50).toFixed(0)}× slower`,
      });
    } else {
      say('no serial of the recalled lots was ever packed: the in-distribution recall is skipped');
    }
    // The run's last lots are still at their distribution centres: a recall now whose units sit in
    // cases on pallets, each taking custody from its container, as a real recall mostly finds them.
    if (info.heldIngredientLot !== undefined) {
      const lot = info.heldIngredientLot;
      const held = (await gql(keys.recall.secret, recallShapeQuery, { lot })) as RecallShape;
      say(`recallImpact of ${lot}: ${describeRecall(held)}`);
      const atCentres = await timeRuns(() => gql(keys.recall.secret, recallQuery, { lot }), 50);
      const hopHeld = await timeRuns(() => recallHopByHop(db, [lot], new Date()), 3, 0);
      rows.push({
        name: `recallImpact over HTTP, now, ${info.heldUnits ?? '?'} units at distribution centres (${describeRecall(held)}; counts by status + page of 50)`,
        value: ms(atCentres),
        target: 'p95 < 100 ms at ≥ 10,000 downstream units, 1M events',
        baseline: `hop-by-hop (in-process): p50 ${hopHeld.p50.toFixed(0)} ms → ${(hopHeld.p50 / atCentres.p50).toFixed(0)}× slower`,
      });
      // The API computes only what an operation selects: the same recall with every part of the
      // answer shows what the counts-and-page figure above leaves out.
      const whole = await timeRuns(() => gql(keys.recall.secret, wholeRecallQuery, { lot }), 30);
      rows.push({
        name: `recallImpact over HTTP, now, at distribution centres, whole answer (every summary part; page of 50 with every item field and reachedVia)`,
        value: ms(whole),
        target: 'p95 < 100 ms at ≥ 10,000 downstream units, 1M events',
        baseline: `counts by status + page of 50 (row above): p50 ${atCentres.p50.toFixed(0)} ms → ${(whole.p50 / atCentres.p50).toFixed(2)}× as long`,
      });
    } else {
      say(
        'the dataset holds no lot at a distribution centre: the recall of goods in stock is skipped',
      );
    }

    // Lineage from a unit (where it came from, what held it: the auditor's question), from the
    // drug lot upstream (what went into it) and from the whole drug lot both ways (every unit of
    // it, their cases and pallets: thousands of nodes). The cost follows the answer's size.
    const lineageQuery =
      'query($of: String!, $direction: LineageDirection!) { lineage(of: $of, direction: $direction, maxDepth: 10) { nodes { id } edges { from to } } }';
    const unit = await firstMember(db, info.drugLot);
    for (const [label, of, direction] of [
      ['a unit of the drug lot', unit, 'BOTH'],
      ['drug lot', info.drugLot, 'UPSTREAM'],
      ['drug lot', info.drugLot, 'BOTH'],
    ] as const) {
      const variables = { of, direction };
      const graph = (await gql(keys.reader.secret, lineageQuery, variables)) as {
        lineage: { nodes: unknown[]; edges: unknown[] };
      };
      const lineage = await timeRuns(() => gql(keys.reader.secret, lineageQuery, variables), 50);
      rows.push({
        name: `lineage depth 10 (${label}, ${direction}; ${graph.lineage.nodes.length} nodes, ${graph.lineage.edges.length} edges) over HTTP`,
        value: ms(lineage),
        target: 'p95 < 20 ms',
        baseline: '—',
      });
    }
    const footprint = await timeRuns(
      () =>
        gql(keys.reader.secret, 'query($lot: String!) { footprint(lot: $lot) { complete } }', {
          lot: info.drugLot,
        }),
      30,
    );
    rows.push({
      name: 'footprint (drug lot) over HTTP',
      value: ms(footprint),
      target: '—',
      baseline: '—',
    });
    const eventsPage = await timeRuns(
      () =>
        gql(
          keys.reader.secret,
          '{ events(first: 100, filter: { bizStep: "shipping" }) { totalCount edges { node { eventId } } } }',
          {},
        ),
      30,
    );
    rows.push({
      name: 'events page (100, bizStep shipping, totalCount) over HTTP',
      value: ms(eventsPage),
      target: '—',
      baseline: '—',
    });

    const perRow = await timeRuns(() => lotsPagePerRow(db, 100), 10);
    const batched = await timeRuns(() => lotsPageBatched(db, 100), 10);
    rows.push({
      name: 'lots page of 100 with product and owner (DataLoader)',
      value: ms(batched),
      target: '—',
      baseline: `per-row resolvers: p50 ${perRow.p50.toFixed(1)} ms → ${(perRow.p50 / batched.p50).toFixed(1)}× slower`,
    });

    const lookup = JSON.stringify({
      query: 'query($id: String!) { lot(id: $id) { lotClass gtin } }',
      variables: { id: info.drugLot },
    });
    const auth = { authorization: `Bearer ${keys.reader.secret}` };
    const lean = await withOwnCpu(() =>
      requestsPerSecond(() => poster.post(lookup, auth).then(() => undefined), 32, 10),
    );
    // The same load driven by fetch, in the same run: what the client's own CPU costs the figure.
    const viaFetch = await withOwnCpu(() =>
      requestsPerSecond(
        async () => {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...auth },
            body: lookup,
          });
          if (!response.ok) throw new Error(`lot lookup answered ${response.status}`);
          await response.arrayBuffer();
        },
        32,
        10,
      ),
    );
    rows.push({
      name: 'lot lookup over HTTP (API in its own process), 32 concurrent clients (node:http, kept-alive sockets), 10 s after 2 s of warm-up',
      value: `${lean.result} requests/s (the client used ${lean.cpu}% of a core)`,
      target: '≥ 2,000 requests/s',
      baseline: `same load from fetch(): ${viaFetch.result} requests/s (the client used ${viaFetch.cpu}% of a core)`,
    });
  } finally {
    poster.close();
    server.stop();
    await db.destroy();
  }
  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n`);
  writeBenchmarksFile(
    path.join(ROOT, 'BENCHMARKS.md'),
    machine,
    dataset,
    rows,
    path.join(ROOT, 'bench', 'NOTES.md'),
  );
  say('wrote BENCHMARKS.md');
} finally {
  await pg.stop();
}
process.exit(0);
