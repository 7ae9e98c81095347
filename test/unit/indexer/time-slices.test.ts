import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { prepareBatch, prepareBatchSteps } from '../../../src/indexer/store.js';
import { projectBlock, projectBlockSteps } from '../../../src/indexer/projector.js';
import { runInSlices } from '../../../src/indexer/time-slices.js';
import { TEST_CHAINCODE } from '../../support/block-factory.js';
import { syntheticChain } from '../../support/synthetic-chain.js';

const options = { chaincodeName: TEST_CHAINCODE };
// Compiles statements without a database.
const compiler = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('work in time slices', () => {
  it('lets I/O callbacks run while a long computation goes on', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    function* busy(): Generator<void, string, void> {
      const until = performance.now() + 60;
      while (performance.now() < until) yield;
      return 'done';
    }
    const result = await runInSlices(busy());
    clearInterval(timer);
    expect(result).toBe('done');
    expect(ticks).toBeGreaterThan(2);
  });

  it('projects and prepares stepwise exactly what the one-piece calls produce', async () => {
    const blocks = syntheticChain({ blocks: 3, txsPerBlock: 4, eventsPerTx: 5 });
    const block = blocks.at(-1)!;
    let steps = 0;
    const counting = function* <R>(inner: Generator<void, R, void>): Generator<void, R, void> {
      for (;;) {
        const step = inner.next();
        if (step.done === true) return step.value;
        steps++;
        yield;
      }
    };
    const stepwise = await runInSlices(counting(projectBlockSteps(block, options)));
    expect(steps).toBe(block.transactions.length);
    expect(stepwise).toEqual(projectBlock(block, options));

    const sets = blocks.map((b) => projectBlock(b, options));
    const prepared = await runInSlices(prepareBatchSteps(sets));
    const whole = prepareBatch(sets);
    expect(prepared.merged).toEqual(whole.merged);
    const compiled = prepared.rows?.compile(compiler);
    expect(compiled?.sql).toContain('unnest');
    expect(compiled).toEqual(whole.rows?.compile(compiler));
  });
});
