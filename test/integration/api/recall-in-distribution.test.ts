import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  aggregate,
  commission,
  commissionQuantity,
  epcisEvent,
  graphApi,
  ID,
  LedgerRecorder,
  ORG,
  registerParties,
  transformation,
  ship,
} from '../../support/graph-fixture.js';

/**
 * A recall whose goods are still in distribution: the drug lot's units in a case on a pallet that
 * is on its way and not received. Containment two levels deep decides their status and the items
 * the shipment carries. The excursions of a recall are the sensor alerts on the way of the
 * recalled goods: from the first event of the recalled lots (or the first link to them, if
 * earlier) up to asOf. Here the pallet records an alarm in storage long before it carries the drug
 * lot, and the excipient lot has an alarm of its own before it is transformed into the drug. Run
 * through the real contract, projector and store on real PostgreSQL.
 */
const ALARM = [
  { type: 'gs1:Temperature', minValue: 2, maxValue: 11, uom: 'CEL', exception: 'ALARM_CONDITION' },
];

const storing = (minute: number, what: Record<string, unknown>): Record<string, unknown> =>
  epcisEvent('ObjectEvent', minute, {
    action: 'OBSERVE',
    bizStep: 'storing',
    readPoint: { id: ORG.manufacturer.site },
    bizLocation: { id: ORG.manufacturer.site },
    sensorElementList: [{ sensorReport: ALARM }],
    ...what,
  });

const EXCURSIONS = `query ($lot: String!) {
  recallImpact(lot: $lot) { totalCount summary { excursions { eventId affectedItems } } }
}`;

let database: TestDatabase;
let rec: LedgerRecorder;
let run: Awaited<ReturnType<typeof graphApi>>;
const eventIds = new Map<string, string>();

const capture = async (label: string, event: Record<string, unknown>): Promise<void> => {
  const result = (await rec.capture(label, 'manufacturer', event)) as {
    events: { eventId: string }[];
  };
  eventIds.set(label, result.events[0]?.eventId ?? '');
};

beforeAll(async () => {
  database = await freshDatabase('recall_in_distribution');
  rec = await LedgerRecorder.create();
  await registerParties(rec);
  await capture('pallet-alarm', storing(1, { epcList: [ID.pallet] }));
  await capture(
    'commission-excipient',
    commissionQuantity(3, ID.excipientLot, 100, 'KGM', 'manufacturer'),
  );
  await capture(
    'excipient-alarm',
    storing(4, { quantityList: [{ epcClass: ID.excipientLot, quantity: 100, uom: 'KGM' }] }),
  );
  await capture(
    'transform',
    transformation(
      6,
      { inputQuantityList: [{ epcClass: ID.excipientLot, quantity: 10, uom: 'KGM' }] },
      [{ epcClass: ID.drugLot, quantity: 3 }],
      'manufacturer',
    ),
  );
  await capture('commission-units', commission(8, [1, 2, 3].map(ID.unit), 'LOT-A', 'manufacturer'));
  await capture('pack-case', aggregate(9, 'ADD', ID.case1, [1, 2, 3].map(ID.unit), 'manufacturer'));
  await capture('pack-pallet', aggregate(10, 'ADD', ID.pallet, [ID.case1], 'manufacturer'));
  await capture('ship-pallet', ship(11, [ID.pallet], 'manufacturer', 'distributor', ALARM));
  await rec.flush(database.db);
  run = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const excursionsOf = async (lot: string): Promise<{ eventId: string; affectedItems: number }[]> => {
  const answer = await run(EXCURSIONS, { lot }, 'recall_coordinator');
  expect(answer.errors).toBeUndefined();
  const data = answer.data as {
    recallImpact: { summary: { excursions: { eventId: string; affectedItems: number }[] } };
  };
  return data.recallImpact.summary.excursions;
};

describe('recall of goods two containers deep on a shipment under way', () => {
  it('reports the units, their case and the pallet in transit, and the items the pallet carries', async () => {
    const answer = await run(
      `query ($lot: String!) { recallImpact(lot: $lot) {
        summary { inTransit { identifier affectedItems } }
        edges { node { id kind status container topContainer } } } }`,
      { lot: ID.drugLot },
      'recall_coordinator',
    );
    expect(answer.errors).toBeUndefined();
    const data = answer.data as {
      recallImpact: {
        summary: { inTransit: { identifier: string; affectedItems: number }[] };
        edges: { node: Record<string, string | null> }[];
      };
    };
    const byId = new Map(data.recallImpact.edges.map((e) => [e.node.id, e.node]));
    // The units' own state never changed after packing (an event on the pallet writes the pallet
    // only): they are in transit because the pallet above their case is on an open shipment.
    expect(byId.get(ID.unit(2))).toEqual({
      id: ID.unit(2),
      kind: 'UNIT',
      status: 'IN_TRANSIT',
      container: ID.case1,
      topContainer: ID.pallet,
    });
    expect(byId.get(ID.case1)).toMatchObject({ kind: 'CASE', status: 'IN_TRANSIT' });
    expect(byId.get(ID.pallet)).toMatchObject({ kind: 'PALLET', status: 'IN_TRANSIT' });
    // The pallet itself, its case and the case's three units.
    expect(data.recallImpact.summary.inTransit).toEqual([
      { identifier: ID.pallet, affectedItems: 5 },
    ]);
  });
});

describe('recall excursions: the alerts on the way of the recalled goods', () => {
  it("leaves out a reused pallet's alarm from before the recalled lot existed", async () => {
    // The pallet holds the case of the lot's three units: it is affected, but its storage alarm
    // at minute 1 predates the drug lot (transformed at minute 6).
    expect(await excursionsOf(ID.drugLot)).toEqual([
      { eventId: eventIds.get('ship-pallet'), affectedItems: 5 },
    ]);
  });

  it("keeps a recalled lot's own alarm from before the transformation that links it downstream", async () => {
    expect(await excursionsOf(ID.excipientLot)).toEqual([
      { eventId: eventIds.get('excipient-alarm'), affectedItems: 1 },
      { eventId: eventIds.get('ship-pallet'), affectedItems: 5 },
    ]);
  });
});
