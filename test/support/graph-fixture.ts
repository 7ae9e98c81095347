/**
 * The graph-question fixture: a pharmaceutical story run through the REAL contract (the in-memory
 * ledger from chaincode/src/testing), each transaction's chaincode event wrapped into a block, and
 * the blocks projected and stored by the real indexer. The mirror rows the API tests read are
 * therefore exactly what the indexer writes for what the contract emits.
 *
 * Story (times are minutes after 2026-03-01T08:00Z, see `at`):
 *   supplier commissions four drums of ingredient lot API-001 (1), declares its PACT footprint (2),
 *   manufacturer commissions excipient lot EXC-1 by quantity (3), supplier ships drums 1-2 with a
 *   GLEC emission (4), manufacturer receives them (5) and transforms drums 1-2 + 10 kg EXC-1 into
 *   drug lot LOT-A of 6 units (6), declares the drug's footprint (7), commissions units 1-6 (8),
 *   packs 1-3 into case 1 and 4-6 into case 2 (9), both cases onto a pallet (10), ships the pallet
 *   with a temperature alarm and an emission (11); the distributor receives (12) and unpacks the
 *   pallet (13), ships case 1 to the pharmacy without an emission record (14); the pharmacy
 *   receives (15), unpacks case 1 (16), puts the empty case 1 into a returns tote (16.5), dispenses
 *   unit 1 (17) and destroys unit 2 (18); the distributor ships case 2 (19, never received); the
 *   manufacturer recalls LOT-A (20) and the pharmacy quarantines unit 3 as recalled (21).
 *   An unrelated chain: lot LOT-Z, units z1-z2 in case 3, shipped with its own alarm and received.
 */

import { ApolloServer } from '@apollo/server';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { buildApiSchema } from '../../src/schema/build-schema.js';
import type { RequestContext } from '../../src/server/context.js';
import { maskErrors } from '../../src/server/format-error.js';
import { freshDatabase } from './fresh-database.js';
import type { Role } from '../../src/server/roles.js';
import {
  aggregate,
  at,
  commission,
  commissionQuantity,
  epcisEvent,
  GRAPH_CHANNEL,
  GTIN,
  ID,
  LedgerRecorder,
  ORG,
  receive,
  registerParties,
  roadEmission,
  ship,
  transformation,
  type OrgKey,
} from './graph-fixture-ledger.js';

export * from './graph-fixture-ledger.js';

/** Event ids of the story's events, by label. */
export type StoryEvents = Map<string, string>;

const eventIdOf = (result: unknown, index = 0): string =>
  (result as { events: { eventId: string }[] }).events[index]?.eventId ?? '';

const ALARM = [
  {
    type: 'gs1:Temperature',
    minValue: 3.5,
    maxValue: 9.1,
    uom: 'CEL',
    exception: 'ALARM_CONDITION',
  },
];
const NORMAL = [{ type: 'gs1:Temperature', minValue: 4, maxValue: 6, uom: 'CEL' }];

/** Runs the whole story on `rec` and returns the event ids by label (see the module comment). */
export async function runGraphStory(rec: LedgerRecorder): Promise<StoryEvents> {
  const ev: StoryEvents = new Map();
  const cap = async (
    label: string,
    org: OrgKey,
    ...events: Record<string, unknown>[]
  ): Promise<void> => {
    const result = await rec.capture(label, org, ...events);
    events.forEach((_, i) =>
      ev.set(events.length === 1 ? label : `${label}-${i + 1}`, eventIdOf(result, i)),
    );
  };
  const S = ORG.supplier.msp;
  const M = ORG.manufacturer.msp;
  await registerParties(rec);
  await cap(
    'commission-drums',
    'supplier',
    commission(1, [1, 2, 3, 4].map(ID.drum), 'API-001', 'supplier'),
  );
  await rec.invoke(
    'pcf-ingredient',
    'SubmitProductFootprint',
    {
      footprintId: 'pcf-ingredient',
      productIds: [`urn:gtin:${GTIN.ingredient}`],
      declaredUnitOfMeasurement: 'kilogram',
      declaredUnitAmount: 1,
      pcfExcludingBiogenicUptake: 2,
      specVersion: '3.0.0',
    },
    { mspId: S },
  );
  await cap(
    'commission-excipient',
    'manufacturer',
    commissionQuantity(3, ID.excipientLot, 100, 'KGM', 'manufacturer'),
  );
  await cap(
    'ship-drums',
    'supplier',
    ship(4, [ID.drum(1), ID.drum(2)], 'supplier', 'manufacturer'),
  );
  await rec.invoke(
    'emission-drums',
    'RecordEmission',
    roadEmission(ev.get('ship-drums') ?? '', 300, 50, 'em-drums'),
    { mspId: S },
  );
  await cap('receive-drums', 'manufacturer', receive(5, [ID.drum(1), ID.drum(2)], 'manufacturer'));
  await cap(
    'transform',
    'manufacturer',
    transformation(
      6,
      {
        inputEPCList: [ID.drum(1), ID.drum(2)],
        inputQuantityList: [{ epcClass: ID.excipientLot, quantity: 10, uom: 'KGM' }],
      },
      [{ epcClass: ID.drugLot, quantity: 6 }],
      'manufacturer',
    ),
  );
  await rec.invoke(
    'pcf-drug',
    'SubmitProductFootprint',
    {
      footprintId: 'pcf-drug',
      productIds: [`urn:gtin:${GTIN.drug}`],
      declaredUnitOfMeasurement: 'piece',
      declaredUnitAmount: 1,
      pcfExcludingBiogenicUptake: 0.5,
      specVersion: '3.0.0',
    },
    { mspId: M },
  );
  await cap(
    'commission-units',
    'manufacturer',
    commission(8, [1, 2, 3, 4, 5, 6].map(ID.unit), 'LOT-A', 'manufacturer'),
  );
  await cap(
    'pack-cases',
    'manufacturer',
    aggregate(9, 'ADD', ID.case1, [1, 2, 3].map(ID.unit), 'manufacturer'),
    aggregate(9, 'ADD', ID.case2, [4, 5, 6].map(ID.unit), 'manufacturer'),
  );
  await cap(
    'pack-pallet',
    'manufacturer',
    aggregate(10, 'ADD', ID.pallet, [ID.case1, ID.case2], 'manufacturer'),
  );
  await cap(
    'ship-pallet',
    'manufacturer',
    ship(11, [ID.pallet], 'manufacturer', 'distributor', ALARM),
  );
  await rec.invoke(
    'emission-pallet',
    'RecordEmission',
    roadEmission(ev.get('ship-pallet') ?? '', 420, 10, 'em-pallet'),
    { mspId: M },
  );
  await cap('receive-pallet', 'distributor', receive(12, [ID.pallet], 'distributor'));
  await cap(
    'unpack-pallet',
    'distributor',
    aggregate(13, 'DELETE', ID.pallet, [ID.case1, ID.case2], 'distributor'),
  );
  await cap('ship-case1', 'distributor', ship(14, [ID.case1], 'distributor', 'pharmacy', NORMAL));
  await cap('receive-case1', 'pharmacy', receive(15, [ID.case1], 'pharmacy'));
  await cap('unpack-case1', 'pharmacy', aggregate(16, 'DELETE', ID.case1, [], 'pharmacy'));
  await cap('tote-case1', 'pharmacy', aggregate(16.5, 'ADD', ID.tote, [ID.case1], 'pharmacy'));
  await cap(
    'dispense',
    'pharmacy',
    epcisEvent('ObjectEvent', 17, {
      action: 'OBSERVE',
      bizStep: 'dispensing',
      disposition: 'dispensed',
      epcList: [ID.unit(1)],
      bizLocation: { id: ORG.pharmacy.site },
    }),
  );
  await cap(
    'destroy',
    'pharmacy',
    epcisEvent('ObjectEvent', 18, {
      action: 'DELETE',
      bizStep: 'destroying',
      disposition: 'destroyed',
      epcList: [ID.unit(2)],
      bizLocation: { id: ORG.pharmacy.site },
    }),
  );
  await cap('ship-case2', 'distributor', ship(19, [ID.case2], 'distributor', 'pharmacy'));
  await rec.invoke(
    'recall',
    'InitiateRecall',
    {
      recallId: 'RCL-1',
      lotClasses: [ID.drugLot],
      classification: 'II',
      reason: 'dissolution out of specification',
    },
    { mspId: M, timestamp: at(20) },
  );
  await cap(
    'quarantine',
    'pharmacy',
    epcisEvent('ObjectEvent', 21, {
      action: 'OBSERVE',
      bizStep: 'holding',
      disposition: 'recalled',
      epcList: [ID.unit(3)],
      bizLocation: { id: ORG.pharmacy.site },
    }),
  );
  // The unrelated chain.
  await cap(
    'commission-other',
    'manufacturer',
    commission(2, [1, 2].map(ID.otherUnit), 'LOT-Z', 'manufacturer'),
  );
  await cap(
    'pack-other',
    'manufacturer',
    aggregate(3, 'ADD', ID.case3, [1, 2].map(ID.otherUnit), 'manufacturer'),
  );
  await cap(
    'ship-other',
    'manufacturer',
    ship(4, [ID.case3], 'manufacturer', 'distributor', ALARM),
  );
  await cap('receive-other', 'distributor', receive(5, [ID.case3], 'distributor'));
  return ev;
}

/** The lots and serials of runSerialOutputs. */
export const MADE = {
  lot: 'urn:epc:class:lgtin:0777777.088888.SER-1',
  otherLot: 'urn:epc:class:lgtin:0777777.099999.SER-1',
  serial: (n: number): string => `urn:epc:id:sgtin:0777777.088888.${100 + n}`,
  other: (n: number): string => `urn:epc:id:sgtin:0777777.099999.${200 + n}`,
};

/**
 * After the story: a lot made as serialised outputs. The supplier turns drum 3 into serials 1-4
 * of lot SER-1, then drum 4 into serials 5-6 of SER-1 and two serials of another product's SER-1
 * (minutes 30 and 31). No quantity names either lot: only serials are outputs.
 */
export async function runSerialOutputs(rec: LedgerRecorder): Promise<void> {
  const make = (minute: number, drum: number, outputs: string[]): Record<string, unknown> =>
    epcisEvent('TransformationEvent', minute, {
      bizStep: 'commissioning',
      inputEPCList: [ID.drum(drum)],
      outputEPCList: outputs,
      readPoint: { id: ORG.supplier.site },
      bizLocation: { id: ORG.supplier.site },
      ilmd: { 'cbvmda:lotNumber': 'SER-1', 'cbvmda:itemExpirationDate': '2028-03-31' },
    });
  await rec.capture('serials-from-drum-3', 'supplier', make(30, 3, [1, 2, 3, 4].map(MADE.serial)));
  await rec.capture(
    'serials-from-drum-4',
    'supplier',
    make(31, 4, [MADE.serial(5), MADE.serial(6), MADE.other(1), MADE.other(2)]),
  );
}

/** The fixture as tests use it: the event ids and the transactions by label. */
export interface GraphStory {
  events: StoryEvents;
  tx: LedgerRecorder['tx'];
  /** Event id by label; throws for an unknown label (a typo in a test). */
  event(label: string): string;
}

/** Runs the story through the contract and stores it in `db`. */
export async function loadGraphStory(db: Kysely<Database>): Promise<GraphStory> {
  const rec = await LedgerRecorder.create();
  const events = await runGraphStory(rec);
  await rec.flush(db);
  return {
    events,
    tx: rec.tx,
    event: (label) => {
      const id = events.get(label);
      if (id === undefined || id === '') throw new Error(`no story event labelled ${label}`);
      return id;
    },
  };
}

/** A GraphQL answer: data, or the first error's code and message. */
export interface GraphAnswer {
  data: any;
  errors?: { message: string; extensions?: { code?: unknown; field?: unknown } }[];
}

/**
 * Runs operations against the real schema with `executeOperation` (no HTTP), as the given role,
 * with the server's error masking; returns the runner.
 */
export async function graphApi(
  db: Kysely<Database>,
): Promise<
  (query: string, variables?: Record<string, unknown>, role?: Role) => Promise<GraphAnswer>
> {
  const schema = await buildApiSchema({ channel: GRAPH_CHANNEL });
  const server = new ApolloServer<RequestContext>({
    schema,
    formatError: maskErrors(createLogger('error'), () => 'test'),
    includeStacktraceInErrorResponses: false,
  });
  await server.start();
  return async (query, variables = {}, role = 'reader') => {
    const principal = {
      keyId: `key-${role}`,
      name: role,
      role,
      organizationMsp: ORG.manufacturer.msp,
    };
    const response = await server.executeOperation(
      { query, variables },
      { contextValue: { requestId: 'test', principal, db, loaders: new Map() } },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not expected');
    // Through JSON, as a client sees it: DateTime values become ISO strings.
    return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphAnswer;
  };
}

/** A database of its own holding the story, for a test that adds to the ledger. */
export interface StoryDatabase {
  db: Kysely<Database>;
  rec: LedgerRecorder;
  events: StoryEvents;
  /** Runs a GraphQL operation against `db`. */
  api: Awaited<ReturnType<typeof graphApi>>;
  /** Stores what was captured since the last flush. */
  flush: () => Promise<void>;
}

/**
 * Runs `test` on a fresh database (named after `name`) whose ledger holds the story; the test
 * captures more and flushes. The database is dropped from the pool whatever the outcome.
 */
export async function withStoryDatabase(
  name: string,
  test: (story: StoryDatabase) => Promise<void>,
): Promise<void> {
  const { db } = await freshDatabase(name);
  try {
    const rec = await LedgerRecorder.create();
    const events = await runGraphStory(rec);
    await test({ db, rec, events, api: await graphApi(db), flush: () => rec.flush(db) });
  } finally {
    await db.destroy();
  }
}
