/**
 * The whole offline path on real Postgres: simulated documents → the real contract (in-memory
 * ledger) → signed real-format blocks → the indexer runner → the mirror, then verify proves the
 * mirror equal to the blocks. Only the Fabric peers are absent.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChainHeight } from '../../../src/db/checkpoint.queries.js';
import { verifyMirror } from '../../../src/indexer/verify.js';
import { LedgerReplay } from '../../../src/loader/ledger-replay.js';
import { simulationBlocks } from '../../../src/loader/simulation-blocks.js';
import { generateSupplyChain } from '../../../src/simulator/index.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { indexBlocks } from '../../support/run-indexer.js';
import '../../unit/simulator/quiet-fabric-logs.js';

let database: TestDatabase;
const blocks: Uint8Array[] = [];
let capturedEvents = 0;

beforeAll(async () => {
  database = await freshDatabase('replay_mirror');
  const sim = generateSupplyChain({ seed: 'mirror', targetEvents: 2000, eventsPerDocument: 25 });
  const replay = await LedgerReplay.create({
    channel: 'supplychain',
    chaincode: 'provenance',
    txPerBlock: 20,
    signatures: 'ecdsa',
    seed: 'mirror',
  });
  for await (const block of simulationBlocks(sim, replay, (p) => (capturedEvents = p.events)))
    blocks.push(block.bytes);
  expect(replay.refused).toEqual([]);
});
afterAll(async () => {
  await database.db.destroy();
});

describe('simulation → contract → blocks → indexer runner → mirror (real Postgres)', () => {
  it('indexes every block and every captured event, then verify finds no difference', async () => {
    const { source, runner } = await indexBlocks(database.connectionString, blocks);
    // The runner reports heights as block counts (the next block to read).
    expect(runner.status().indexedHeight).toBe(BigInt(blocks.length));

    // The runner records the chain height it saw, for API processes to report lag in blocks.
    expect(await readChainHeight(database.db, 'supplychain')).toBe(BigInt(blocks.length));

    const count = async (table: string): Promise<number> => {
      const result = await sql<{
        n: string;
      }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(database.db);
      return Number(result.rows[0]!.n);
    };
    expect(await count('blocks')).toBe(blocks.length);
    expect(await count('events')).toBe(capturedEvents);
    expect(await count('organizations')).toBe(3);
    expect(await count('recalls')).toBeGreaterThan(0);
    expect(await count('emissions')).toBeGreaterThan(0);

    const report = await verifyMirror({
      db: database.db,
      source,
      channel: 'supplychain',
      chaincodeName: 'provenance',
    });
    expect(report.ok).toBe(true);
    expect(report.blocksChecked).toBe(BigInt(blocks.length));
  });
});
