import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRecallImpact } from '../../../src/db/recall.queries.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  aggregate,
  commission,
  commissionQuantity,
  epcisEvent,
  ID,
  LedgerRecorder,
  ORG,
  registerParties,
  transformation,
} from '../../support/graph-fixture.js';

/**
 * A recall resolves the custody of a unit inside a container once per container
 * (container_custody, migration 600): the unit shows its container's custody unless its own last
 * event is later. Here three units sit in a case on a pallet, and one of them is inspected on its
 * own after packing; every listed item must show what identifier_current_state shows for it. Run
 * through the real contract, projector and store on real PostgreSQL.
 */
let database: TestDatabase;
const eventIds = new Map<string, string>();

beforeAll(async () => {
  database = await freshDatabase('recall_boxed_custody');
  const rec = await LedgerRecorder.create();
  await registerParties(rec);
  const capture = async (label: string, event: Record<string, unknown>): Promise<void> => {
    const result = (await rec.capture(label, 'manufacturer', event)) as {
      events: { eventId: string }[];
    };
    eventIds.set(label, result.events[0]?.eventId ?? '');
  };
  await capture('excipient', commissionQuantity(1, ID.excipientLot, 100, 'KGM', 'manufacturer'));
  await capture(
    'transform',
    transformation(
      2,
      { inputQuantityList: [{ epcClass: ID.excipientLot, quantity: 10, uom: 'KGM' }] },
      [{ epcClass: ID.drugLot, quantity: 3 }],
      'manufacturer',
    ),
  );
  await capture('units', commission(3, [1, 2, 3].map(ID.unit), 'LOT-A', 'manufacturer'));
  await capture('pack-case', aggregate(4, 'ADD', ID.case1, [1, 2, 3].map(ID.unit), 'manufacturer'));
  await capture('pack-pallet', aggregate(5, 'ADD', ID.pallet, [ID.case1], 'manufacturer'));
  await capture(
    'inspect-unit-2',
    epcisEvent('ObjectEvent', 6, {
      action: 'OBSERVE',
      bizStep: 'inspecting',
      epcList: [ID.unit(2)],
      readPoint: { id: ORG.manufacturer.site },
      bizLocation: { id: ORG.manufacturer.site },
    }),
  );
  await rec.flush(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

describe('recall of units in a case on a pallet, one inspected after packing', () => {
  it('shows every item with the state identifier_current_state gives it', async () => {
    const recall = await findRecallImpact(database.db, { lot: ID.drugLot }, { first: 50 });
    const units = recall.items.filter((i) => i.kind === 'UNIT');
    expect(units.map((u) => u.id).sort()).toEqual([1, 2, 3].map(ID.unit).sort());
    const { rows } = await sql<{
      epc: string;
      owner_msp: string | null;
      location: string | null;
      disposition: string | null;
      last_event_id: string;
      tx_id: string;
    }>`SELECT epc, owner_msp, location, disposition, last_event_id, tx_id
       FROM identifier_current_state WHERE epc = ANY (${recall.items.map((i) => i.id)}::text[])`.execute(
      database.db,
    );
    const view = new Map(rows.map((r) => [r.epc, r]));
    for (const item of recall.items.filter((i) => i.kind !== 'LOT')) {
      const expected = view.get(item.id);
      expect(expected, item.id).toBeDefined();
      expect({
        ownerMsp: item.ownerMsp,
        location: item.location,
        disposition: item.disposition,
        lastEventId: item.lastEventId,
        txId: item.txId,
      }).toEqual({
        ownerMsp: expected!.owner_msp,
        location: expected!.location,
        disposition: expected!.disposition,
        lastEventId: expected!.last_event_id,
        txId: expected!.tx_id,
      });
    }
    // The inspected unit's own event is the latest of its chain; its siblings take their
    // custody from a container's event.
    const byId = new Map(units.map((u) => [u.id, u]));
    expect(byId.get(ID.unit(2))?.lastEventId).toBe(eventIds.get('inspect-unit-2'));
    expect([eventIds.get('pack-case'), eventIds.get('pack-pallet')]).toContain(
      byId.get(ID.unit(1))?.lastEventId,
    );
    expect(byId.get(ID.unit(1))?.container).toBe(ID.case1);
    expect(byId.get(ID.unit(2))?.topContainer).toBe(ID.pallet);
  });
});
