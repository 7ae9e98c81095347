import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recallHopByHop } from '../../../bench/baselines/recall-hop-by-hop.js';
import type { Database } from '../../../src/db/database.js';
import { findRecallImpact } from '../../../src/db/recall.queries.js';
import { ITEM_FIELDS_WITHOUT_DETAILS } from '../../../src/resolvers/recall-parts.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  at,
  commission,
  epcisEvent,
  graphApi,
  ID,
  MADE,
  ORG,
  loadGraphStory,
  runSerialOutputs,
  withStoryDatabase,
  type GraphAnswer,
  type GraphStory,
} from '../../support/graph-fixture.js';

const IMPACT = `query ($lot: String, $recallId: String, $asOf: DateTime, $first: Int, $after: String) {
  recallImpact(lot: $lot, recallId: $recallId, asOf: $asOf, first: $first, after: $after) {
    roots asOf totalCount
    recall { recallId classification reason status initiatedByMsp lotClasses txId blockNumber }
    summary {
      byKind { kind count } byStatus { status count } byParty { ownerMsp ownerParty count } byLocation { location name count }
      lots { lotClass quantityProduced quantityRemaining disposition recallId txId blockNumber }
      inTransit { shipEventId identifier shippedByMsp destinationParty destinationLocation affectedItems txId blockNumber }
      excursions { eventId bizStep type exception temperatureMinC temperatureMaxC affectedItems txId blockNumber }
    }
    edges { cursor node { id kind status ownerMsp ownerParty possessorMsp location container topContainer txId blockNumber
      reachedVia { kind from eventId txId blockNumber } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

let database: TestDatabase;
let story: GraphStory;
let run: Awaited<ReturnType<typeof graphApi>>;

beforeAll(async () => {
  database = await freshDatabase('recall');
  story = await loadGraphStory(database.db);
  run = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const impact = async (variables: Record<string, unknown>): Promise<any> => {
  const answer = await run(IMPACT, { first: 500, ...variables }, 'recall_coordinator');
  expect(answer.errors).toBeUndefined();
  return answer.data.recallImpact;
};
const statuses = (r: any): Record<string, string> =>
  Object.fromEntries(
    r.edges.map((e: any): [string, string] => [e.node.id, `${e.node.kind} ${e.node.status}`]),
  );
const codeOf = (a: GraphAnswer): unknown => a.errors?.[0]?.extensions?.code;
const block = (label: string): number => Number(story.tx.get(label)!.blockNumber);

describe('recallImpact over the real projector and store', () => {
  it('finds the drug lot, its six serials and the case still holding three of them, each with status', async () => {
    const r = await impact({ lot: ID.drugLot });
    expect(r.roots).toEqual([ID.drugLot]);
    expect(r.totalCount).toBe(8);
    expect(statuses(r)).toEqual({
      [ID.drugLot]: 'LOT RECALLED',
      [ID.unit(1)]: 'UNIT DISPENSED',
      [ID.unit(2)]: 'UNIT DESTROYED',
      [ID.unit(3)]: 'UNIT RECALLED',
      [ID.unit(4)]: 'UNIT IN_TRANSIT',
      [ID.unit(5)]: 'UNIT IN_TRANSIT',
      [ID.unit(6)]: 'UNIT IN_TRANSIT',
      // Case 1 and the pallet were emptied: they no longer hold anything recalled.
      [ID.case2]: 'CASE IN_TRANSIT',
    });
    const unit4 = r.edges.find((e: any) => e.node.id === ID.unit(4)).node;
    expect(unit4).toMatchObject({
      ownerMsp: ORG.distributor.msp,
      ownerParty: ORG.distributor.party,
      possessorMsp: ORG.distributor.msp,
      location: ORG.distributor.site,
      container: ID.case2,
      topContainer: ID.case2,
      txId: story.tx.get('ship-case2')!.txId,
      blockNumber: block('ship-case2'),
      reachedVia: {
        kind: 'LOT_MEMBERSHIP',
        from: ID.drugLot,
        eventId: story.event('commission-units'),
        txId: story.tx.get('commission-units')!.txId,
        blockNumber: block('commission-units'),
      },
    });
    expect(r.edges[0].node).toMatchObject({
      id: ID.drugLot,
      reachedVia: null,
      txId: story.tx.get('recall')!.txId,
    });
  });

  it('counts by kind, status, party and location over units and containers', async () => {
    const { summary } = await impact({ lot: ID.drugLot });
    expect(summary.byKind).toEqual([
      { kind: 'CASE', count: 1 },
      { kind: 'LOT', count: 1 },
      { kind: 'UNIT', count: 6 },
    ]);
    expect(summary.byStatus).toEqual([
      { status: 'DESTROYED', count: 1 },
      { status: 'DISPENSED', count: 1 },
      { status: 'IN_TRANSIT', count: 4 },
      { status: 'RECALLED', count: 1 },
    ]);
    expect(summary.byParty).toEqual([
      { ownerMsp: ORG.distributor.msp, ownerParty: ORG.distributor.party, count: 4 },
      { ownerMsp: ORG.pharmacy.msp, ownerParty: ORG.pharmacy.party, count: 3 },
    ]);
    expect(summary.byLocation).toEqual([
      { location: ORG.distributor.site, name: 'distributor site', count: 4 },
      { location: ORG.pharmacy.site, name: 'pharmacy site', count: 3 },
    ]);
    expect(summary.lots).toEqual([
      {
        lotClass: ID.drugLot,
        quantityProduced: 6,
        quantityRemaining: 6,
        disposition: 'recalled',
        recallId: 'RCL-1',
        txId: story.tx.get('recall')!.txId,
        blockNumber: block('recall'),
      },
    ]);
  });

  it('lists the shipment in transit and the temperature alarm on the way, with provenance', async () => {
    const { summary } = await impact({ lot: ID.drugLot });
    expect(summary.inTransit).toEqual([
      {
        shipEventId: story.event('ship-case2'),
        identifier: ID.case2,
        shippedByMsp: ORG.distributor.msp,
        destinationParty: ORG.pharmacy.party,
        destinationLocation: ORG.pharmacy.site,
        affectedItems: 4,
        txId: story.tx.get('ship-case2')!.txId,
        blockNumber: block('ship-case2'),
      },
    ]);
    // The pallet's shipping event touched units 1-6 and case 2 (the pallet and case 1 are not affected any more);
    // the unrelated chain's alarm and the normal reading on case 1's leg are not listed.
    expect(summary.excursions).toEqual([
      {
        eventId: story.event('ship-pallet'),
        bizStep: 'shipping',
        type: 'Temperature',
        exception: 'ALARM_CONDITION',
        temperatureMinC: 3.5,
        temperatureMaxC: 9.1,
        affectedItems: 7,
        txId: story.tx.get('ship-pallet')!.txId,
        blockNumber: block('ship-pallet'),
      },
    ]);
  });

  it('answers by recall id with the recall record', async () => {
    const r = await impact({ recallId: 'RCL-1' });
    expect(r.roots).toEqual([ID.drugLot]);
    expect(r.totalCount).toBe(8);
    expect(r.recall).toEqual({
      recallId: 'RCL-1',
      classification: 'II',
      reason: 'dissolution out of specification',
      status: 'open',
      initiatedByMsp: ORG.manufacturer.msp,
      lotClasses: [ID.drugLot],
      txId: story.tx.get('recall')!.txId,
      blockNumber: block('recall'),
    });
  });

  it('goes downstream through the transformation from the ingredient lot', async () => {
    const r = await impact({ lot: ID.ingredientLot });
    expect(r.totalCount).toBe(13);
    const s = statuses(r);
    expect(s).toMatchObject({
      [ID.ingredientLot]: 'LOT UNKNOWN',
      [ID.drum(1)]: 'UNIT IN_STOCK',
      [ID.drum(3)]: 'UNIT IN_STOCK',
      [ID.drugLot]: 'LOT RECALLED',
      [ID.case2]: 'CASE IN_TRANSIT',
    });
    expect(Object.keys(s).filter((id) => id.includes('022222') || id === ID.excipientLot)).toEqual(
      [],
    );
    const lotA = r.edges.find((e: any) => e.node.id === ID.drugLot).node;
    expect(lotA.reachedVia).toMatchObject({
      kind: 'TRANSFORMATION',
      from: ID.drum(1),
      eventId: story.event('transform'),
    });
    expect(r.summary.byParty).toEqual([
      { ownerMsp: ORG.distributor.msp, ownerParty: ORG.distributor.party, count: 4 },
      { ownerMsp: ORG.pharmacy.msp, ownerParty: ORG.pharmacy.party, count: 3 },
      { ownerMsp: ORG.manufacturer.msp, ownerParty: ORG.manufacturer.party, count: 2 },
      { ownerMsp: ORG.supplier.msp, ownerParty: null, count: 2 },
    ]);
  });

  it('walks the containment of asOf: before shipping, units sit in cases on the pallet', async () => {
    const r = await impact({ lot: ID.drugLot, asOf: at(10.5) });
    expect(r.totalCount).toBe(10);
    expect(statuses(r)).toMatchObject({
      [ID.case1]: 'CASE IN_STOCK',
      [ID.pallet]: 'PALLET IN_STOCK',
    });
    const unit1 = r.edges.find((e: any) => e.node.id === ID.unit(1)).node;
    expect([unit1.container, unit1.topContainer]).toEqual([ID.case1, ID.pallet]);
    expect(r.summary.excursions).toEqual([]);
    expect(r.summary.inTransit).toEqual([]);
    expect(
      (await impact({ lot: ID.drugLot, asOf: at(11.5) })).summary.inTransit.map((s: any): string =>
        String(s.identifier),
      ),
    ).toEqual([ID.pallet]);
  });

  it('pages with cursors: every item exactly once, totalCount and summary on every page', async () => {
    const all = (await impact({ lot: ID.ingredientLot })).edges.map((e: any): string =>
      String(e.node.id),
    );
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await impact({
        lot: ID.ingredientLot,
        first: 5,
        ...(after === undefined ? {} : { after }),
      });
      expect(r.totalCount).toBe(13);
      expect(r.summary.byKind.reduce((n: number, k: any): number => n + Number(k.count), 0)).toBe(
        13,
      );
      expect(r.pageInfo.hasPreviousPage).toBe(false);
      expect(r.pageInfo.startCursor).toBe(r.edges[0].cursor);
      seen.push(...(r.edges as any[]).map((e: any): string => String(e.node.id)));
      expect(r.pageInfo.endCursor).toBe(r.edges.at(-1).cursor);
      if (!r.pageInfo.hasNextPage) break;
      after = r.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(13);
    expect([...seen].sort()).toEqual(seen);
  });

  it("keeps the first page's asOf on the next pages, and refuses a cursor with another asOf", async () => {
    const first = await impact({ lot: ID.ingredientLot, first: 5 });
    await new Promise((r) => setTimeout(r, 20)); // "now" has moved on
    const next = await impact({ lot: ID.ingredientLot, first: 5, after: first.pageInfo.endCursor });
    expect(next.asOf).toBe(first.asOf);
    const same = await impact({
      lot: ID.ingredientLot,
      first: 5,
      after: first.pageInfo.endCursor,
      asOf: first.asOf,
    });
    expect(same.edges).toEqual(next.edges);
    const other = await run(
      IMPACT,
      { lot: ID.ingredientLot, after: first.pageInfo.endCursor, asOf: at(3) },
      'recall_coordinator',
    );
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    expect(other.errors?.[0]?.message).toContain(first.asOf);
  });

  it('refuses bad arguments with BAD_USER_INPUT, unknown targets with NOT_FOUND', async () => {
    const tooBig = await run(IMPACT, { lot: ID.drugLot, first: 501 }, 'recall_coordinator');
    expect(codeOf(tooBig)).toBe('BAD_USER_INPUT');
    expect(tooBig.errors?.[0]?.message).toMatch(/first must be an integer from 1 to 500/);
    expect(codeOf(await run(IMPACT, { lot: ID.drugLot, first: 0 }, 'recall_coordinator'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await run(IMPACT, { lot: ID.drugLot, after: 'not-a-cursor' }, 'recall_coordinator')),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(await run(IMPACT, { lot: ID.drugLot, recallId: 'RCL-1' }, 'recall_coordinator')),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await run(IMPACT, {}, 'recall_coordinator'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await run(IMPACT, { recallId: 'RCL-404' }, 'recall_coordinator'))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(
        await run(IMPACT, { lot: 'urn:epc:class:lgtin:0614141.012345.NOPE' }, 'recall_coordinator'),
      ),
    ).toBe('NOT_FOUND');
  });
});

// Each recall statement the API sends, through a Kysely that logs them (same database).
const statementsOf = async (
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data: any; sql: string }> => {
  const statements: string[] = [];
  const { Kysely, PostgresDialect } = await import('kysely');
  const pg = (await import('pg')).default;
  const logged = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: database.connectionString, max: 1 }),
    }),
    log: (e) => {
      if (e.level === 'query' && e.query.sql.includes('WITH RECURSIVE'))
        statements.push(e.query.sql);
    },
  });
  try {
    const answer = await (await graphApi(logged))(query, variables, 'recall_coordinator');
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    expect(statements).toHaveLength(1);
    return { data: answer.data?.recallImpact, sql: statements[0] ?? '' };
  } finally {
    await logged.destroy();
  }
};

describe('recallImpact computes only the parts the operation selects', () => {
  // Text only the SQL of each part has.
  const MARKERS = {
    byStatus: "'by_status', (SELECT",
    byParty: "'by_party', (SELECT",
    byLocation: "'by_location', (SELECT",
    lots: 'JOIN lots l ON l.lot_class = d.id',
    inTransit: 'FROM in_transit sh',
    excursions: 'JOIN sensor_readings r',
    page: 'ORDER BY id LIMIT',
    reachedVia: 'ORDER BY e.block_number, e.tx_index',
  };
  const partsIn = (sqlText: string): string[] =>
    Object.entries(MARKERS)
      .filter(([, marker]) => sqlText.includes(marker))
      .map(([part]) => part);

  it('counts by status alone with the same figures as the whole answer, and nothing else', async () => {
    const whole = await impact({ lot: ID.ingredientLot });
    const { data, sql: text } = await statementsOf(
      'query ($lot: String) { recallImpact(lot: $lot) { totalCount summary { byStatus { status count } } } }',
      { lot: ID.ingredientLot },
    );
    expect(data).toEqual({
      totalCount: whole.totalCount,
      summary: { byStatus: whole.summary.byStatus },
    });
    expect(partsIn(text)).toEqual(['byStatus']);
    // Counted by kind and status only: the other breakdowns' columns are constants.
    expect(text).toMatch(
      /SELECT kind, "status", NULL::text AS "owner_msp",\s+NULL::text AS "owner_party", NULL::text AS "location", count\(\*\)/,
    );
  });

  it('lists a page without the summary, and follows fragments into the selection', async () => {
    const whole = await impact({ lot: ID.drugLot, first: 4 });
    const page = await statementsOf(
      'query ($lot: String) { recallImpact(lot: $lot, first: 4) { edges { node { id status } } pageInfo { hasNextPage } } }',
      { lot: ID.drugLot },
    );
    expect(page.data.edges).toEqual(
      whole.edges.map((e: any) => ({ node: { id: e.node.id, status: e.node.status } })),
    );
    expect(page.data.pageInfo.hasNextPage).toBe(true);
    expect(partsIn(page.sql)).toEqual(['page']);
    const viaFragments = await statementsOf(
      `query ($lot: String) { recallImpact(lot: $lot) { summary { ...Where } edges { node { ...Via } } } }
       fragment Where on RecallSummary { byLocation { location count } excursions { eventId } }
       fragment Via on RecallItem { reachedVia { from } }`,
      { lot: ID.drugLot },
    );
    expect(partsIn(viaFragments.sql)).toEqual(['byLocation', 'excursions', 'page', 'reachedVia']);
    expect(viaFragments.data.summary.excursions).toEqual(
      whole.summary.excursions.map((x: any) => ({ eventId: x.eventId })),
    );
    expect(viaFragments.sql).toMatch(
      /SELECT kind, NULL::text AS "status", NULL::text AS "owner_msp",\s+NULL::text AS "owner_party", "location", count\(\*\)/,
    );
    expect(viaFragments.data.summary.byLocation).toEqual(
      whole.summary.byLocation.map((x: any) => ({ location: x.location, count: x.count })),
    );
  });

  it('reads the items’ details only when the page selects one, with the same answers either way', async () => {
    const whole = await impact({ lot: ID.drugLot, first: 8 });
    // Status, containers and in-transit fields need no details; counts by party read the owners.
    const lean = await statementsOf(
      `query ($lot: String) { recallImpact(lot: $lot, first: 8) {
         summary { byParty { ownerMsp ownerParty count } }
         edges { node { __typename id kind status container topContainer } } } }`,
      { lot: ID.drugLot },
    );
    expect(lean.sql).toContain('NULL::text AS "gtin"');
    expect(lean.sql).toContain('"s"."owner_msp"');
    expect(lean.sql).toContain('NULL::text AS "location"');
    expect(lean.data.edges).toEqual(
      whole.edges.map((e: any) => ({
        node: {
          __typename: 'RecallItem',
          id: e.node.id,
          kind: e.node.kind,
          status: e.node.status,
          container: e.node.container,
          topContainer: e.node.topContainer,
        },
      })),
    );
    expect(lean.data.summary.byParty).toEqual(whole.summary.byParty);
    // One detail field (through a fragment) reads them all.
    const detailed = await statementsOf(
      `query ($lot: String) { recallImpact(lot: $lot, first: 8) { edges { node { id ...D } } } }
       fragment D on RecallItem { ownerMsp txId }`,
      { lot: ID.drugLot },
    );
    expect(detailed.sql).toContain('"s"."gtin"');
    expect(detailed.data.edges).toEqual(
      whole.edges.map((e: any) => ({
        node: { id: e.node.id, ownerMsp: e.node.ownerMsp, txId: e.node.txId },
      })),
    );
    expect(detailed.data.edges.some((e: any) => e.node.txId !== null)).toBe(true);
  });

  it('computes every part for a caller that asks for the whole answer', async () => {
    const { sql: text } = await statementsOf(IMPACT.replace('$first: Int', '$first: Int = 5'), {
      lot: ID.drugLot,
    });
    expect(partsIn(text)).toEqual(Object.keys(MARKERS));
  });
});

describe('recallImpact without the items’ details', () => {
  // The resolver's own list of fields answered without details: each must read only the status
  // columns, so asking all of them must answer as a page that reads the details does (the guard
  // for the status, kind, custody and count expressions, and for a field wrongly added there).
  const lean = [...ITEM_FIELDS_WITHOUT_DETAILS]
    .filter((field) => field !== '__typename')
    .map((field) =>
      field === 'reachedVia' ? 'reachedVia { kind from eventId txId blockNumber }' : field,
    )
    .join(' ');
  const withoutTxId = (node: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(node).filter(([field]) => field !== 'txId'));
  const page = (fields: string): string =>
    `query ($lot: String, $asOf: DateTime) { recallImpact(lot: $lot, asOf: $asOf, first: 500) {
       totalCount summary { byKind { kind count } byStatus { status count } byParty { ownerMsp ownerParty count }
         byLocation { location name count } inTransit { shipEventId affectedItems } excursions { eventId affectedItems } }
       edges { node { ${fields} } } } }`;
  for (const [label, asOf] of [
    ['now', undefined],
    ['at minute 12', new Date(Date.UTC(2026, 2, 1, 8, 12)).toISOString()],
  ] as const) {
    it(`answers every lot of the story ${label} as a page with details does`, async () => {
      for (const lot of [ID.drugLot, ID.ingredientLot, ID.excipientLot, ID.otherLot]) {
        const without = await statementsOf(page(lean), { lot, asOf });
        const withDetails = await statementsOf(page(`${lean} txId`), { lot, asOf });
        // The first page really is lean, the second really reads the details.
        expect(without.sql, lot).toContain('NULL::text AS "gtin"');
        expect(withDetails.sql, lot).toContain('"s"."gtin"');
        const { edges, ...rest } = withDetails.data;
        expect(without.data, lot).toEqual({
          ...rest,
          edges: edges.map(({ node }: any) => ({ node: withoutTxId(node) })),
        });
        expect(edges.length, lot).toBeGreaterThan(0);
      }
    });
  }
});

describe('the hop-by-hop baseline (one EPCIS query per hop) finds the same affected set', () => {
  const roots = [ID.drugLot, ID.ingredientLot, ID.excipientLot, ID.otherLot];
  for (const root of roots) {
    for (const [label, asOf] of [
      ['now', undefined],
      ['before shipping', at(10.5)],
      ['mid-journey', at(13.5)],
    ] as const) {
      it(`from ${root.split('.').at(-1)} as of ${label}`, async () => {
        const when = asOf === undefined ? new Date() : new Date(asOf);
        const cte = await findRecallImpact(database.db, { lot: root, asOf: when }, { first: 500 });
        const baseline = await recallHopByHop(database.db, [root], when);
        expect([...baseline.affected].sort()).toEqual(cte.items.map((i) => i.id).sort());
        expect(cte.totalCount).toBe(cte.items.length);
        expect(baseline.queries).toBeGreaterThan(cte.items.length);
      });
    }
  }
});

describe('recallImpact of an input that transformations made into serials (outputEPCList)', () => {
  const TOTE = 'urn:epc:id:sscc:0777777.0000000042';
  it("lists the serials and their lots, not the lots' other serials, and the baseline agrees", async () => {
    await withStoryDatabase('recall_serial_outputs', async ({ db, rec, api, flush }) => {
      await runSerialOutputs(rec);
      // A seventh serial of SER-1, commissioned directly: nothing of the drums is in it.
      await rec.capture(
        'serial-7',
        'supplier',
        commission(32, [MADE.serial(7)], 'SER-1', 'supplier'),
      );
      // An alarm on SER-1 named as a class, not on any serial made from the drums.
      const lotAlarm = await rec.capture(
        'lot-alarm',
        'supplier',
        epcisEvent('ObjectEvent', 33, {
          action: 'OBSERVE',
          bizStep: 'storing',
          quantityList: [{ epcClass: MADE.lot, quantity: 1 }],
          readPoint: { id: ORG.supplier.site },
          sensorElementList: [
            {
              sensorReport: [
                { type: 'gs1:Temperature', maxValue: 31, uom: 'CEL', exception: 'ALARM_CONDITION' },
              ],
            },
          ],
        }),
      );
      // Two of SER-1 packed by quantity into a tote: an edge from the lot, which is listed, not
      // walked, so the tote is not affected and the lot shows no container.
      await rec.capture(
        'lot-in-tote',
        'supplier',
        epcisEvent('AggregationEvent', 34, {
          action: 'ADD',
          bizStep: 'packing',
          parentID: TOTE,
          childQuantityList: [{ epcClass: MADE.lot, quantity: 2 }],
          readPoint: { id: ORG.supplier.site },
          bizLocation: { id: ORG.supplier.site },
        }),
      );
      await flush();
      const answer = await api(IMPACT, { lot: ID.ingredientLot, first: 500 }, 'recall_coordinator');
      expect(answer.errors).toBeUndefined();
      const r = answer.data?.recallImpact;
      const items = statuses(r);
      expect(items[TOTE]).toBeUndefined();
      // Drums 3 and 4 made serials 1-6 of SER-1 and two serials of another product's SER-1.
      for (const serial of [1, 2, 3, 4, 5, 6].map(MADE.serial))
        expect(items[serial]).toMatch(/^UNIT /);
      for (const serial of [1, 2].map(MADE.other)) expect(items[serial]).toMatch(/^UNIT /);
      // Their lots are named, as lots of the recall, though nothing links them to the drums
      // but their serials; they are listed, not walked.
      expect(items[MADE.lot]).toMatch(/^LOT /);
      expect(items[MADE.serial(7)]).toBeUndefined();
      const seventh = await db
        .selectFrom('lineage_edge')
        .select('kind')
        .where('from_id', '=', MADE.lot)
        .where('to_id', '=', MADE.serial(7))
        .execute();
      expect(seventh).toEqual([{ kind: 'lot_membership' }]);
      expect(items[MADE.otherLot]).toMatch(/^LOT /);
      expect(r.summary.lots.map((l: { lotClass: string }) => l.lotClass)).toEqual(
        expect.arrayContaining([MADE.lot, MADE.otherLot]),
      );
      // Listed, not walked: an alarm naming the lot was not on the way of the serials affected.
      const alarmId = (lotAlarm as { events: { eventId: string }[] }).events[0]?.eventId;
      expect(alarmId).toBeDefined();
      expect(r.summary.excursions.map((x: { eventId: string }) => x.eventId)).not.toContain(
        alarmId,
      );
      const made = r.edges.find((e: any) => e.node.id === MADE.lot).node;
      expect(made.reachedVia).toBeNull();
      expect(made.container).toBeNull();
      expect(made.topContainer).toBeNull();
      const now = new Date();
      const cte = await findRecallImpact(db, { lot: ID.ingredientLot, asOf: now }, { first: 500 });
      const baseline = await recallHopByHop(db, [ID.ingredientLot], now);
      expect([...baseline.affected].sort()).toEqual(cte.items.map((i) => i.id).sort());
    });
  });
});
