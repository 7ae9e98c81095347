import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lotClassOf } from '../../../chaincode/src/epcis/gs1-keys.js';
import { recallHopByHop } from '../../../bench/baselines/recall-hop-by-hop.js';
import { streamRecallItems, type RecallItem } from '../../../src/db/recall.queries.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  aggregate,
  commission,
  ID,
  LedgerRecorder,
  registerParties,
} from '../../support/graph-fixture-ledger.js';

/**
 * A lot number with characters a URN must escape ("/" and "%", TDS 2.0 §6): the contract files
 * its serials under the escaped lot class, and both the recall statement and the hop-by-hop
 * baseline must find them there. Real contract, projector and store on real PostgreSQL.
 */
const LOT_NUMBER = 'B/7%';
const LOT = lotClassOf(ID.unit(801), LOT_NUMBER) ?? '';

let database: TestDatabase;

beforeAll(async () => {
  database = await freshDatabase('recall_escaped_lot');
  const rec = await LedgerRecorder.create();
  await registerParties(rec);
  await rec.capture(
    'commission',
    'manufacturer',
    commission(10, [ID.unit(801), ID.unit(802)], LOT_NUMBER, 'manufacturer'),
  );
  await rec.capture(
    'pack',
    'manufacturer',
    aggregate(20, 'ADD', ID.case3, [ID.unit(801)], 'manufacturer'),
  );
  await rec.flush(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

describe('recall of a lot whose number is escaped in its class URN', () => {
  it('finds its serials and their case, as the hop-by-hop baseline does', async () => {
    expect(LOT).toBe('urn:epc:class:lgtin:0614141.012345.B%2F7%25');
    const items: RecallItem[] = [];
    await streamRecallItems(database.db, { lot: LOT }, 100, (chunk) => {
      items.push(...chunk);
      return Promise.resolve();
    });
    expect(items.map((i) => `${i.kind} ${i.id}`).sort()).toEqual(
      [`LOT ${LOT}`, `UNIT ${ID.unit(801)}`, `UNIT ${ID.unit(802)}`, `CASE ${ID.case3}`].sort(),
    );
    const baseline = await recallHopByHop(database.db, [LOT], new Date());
    expect([...baseline.affected].sort()).toEqual(items.map((i) => i.id).sort());
  });
});
