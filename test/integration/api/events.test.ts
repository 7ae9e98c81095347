import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  at,
  epcisEvent,
  graphApi,
  ID,
  LedgerRecorder,
  ORG,
  runGraphStory,
  type GraphAnswer,
  type StoryEvents,
} from '../../support/graph-fixture.js';

// The graph story through the real contract and indexer, plus a receipt of case 2 by the pharmacy
// that the pharmacy then declares erroneous (EPCIS errorDeclaration).
const WRONG_ID = 'urn:uuid:9a4f3c62-1d7e-4b8a-9f61-0c2d5e7a8b91';
let database: TestDatabase;
let api: Awaited<ReturnType<typeof graphApi>>;
let events: StoryEvents;
let rec: LedgerRecorder;
const LABELS: string[] = [];

beforeAll(async () => {
  database = await freshDatabase('api_events');
  rec = await LedgerRecorder.create();
  events = await runGraphStory(rec);
  const wrong = epcisEvent('ObjectEvent', 22, {
    eventID: WRONG_ID,
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    epcList: [ID.case2],
    readPoint: { id: ORG.pharmacy.site },
    bizLocation: { id: ORG.pharmacy.site },
  });
  await rec.capture('wrong-receipt', 'pharmacy', wrong);
  await rec.capture('declare-wrong', 'pharmacy', {
    ...wrong,
    errorDeclaration: { declarationTime: at(23), reason: 'incorrect_data' },
  });
  events.set('wrong-receipt', WRONG_ID);
  await rec.flush(database.db);
  LABELS.push(...events.keys());
  api = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const ok = (answer: GraphAnswer): any => {
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
};
const label = (eventId: string): string =>
  [...events].find(([, id]) => id === eventId)?.[0] ?? `?${eventId}`;
/** Labels of the events `filter` selects, sorted (order is tested separately). */
async function matching(filter: string): Promise<string[]> {
  const data = ok(
    await api(`{ events(first: 500, filter: ${filter}) { totalCount nodes { eventId } } }`),
  );
  expect(data.events.totalCount).toBe(data.events.nodes.length);
  return (data.events.nodes as { eventId: string }[]).map((n) => label(n.eventId)).sort();
}
const txOf = (l: string): string => (l.startsWith('pack-cases') ? 'pack-cases' : l);

describe('events: EPCIS query filters', () => {
  it('MATCH_epc looks at epcList and childEPCs, MATCH_anyEPC adds parentID, affectedEPC adds contents of moved containers', async () => {
    const epc = ['pack-pallet', 'receive-case1', 'ship-case1', 'tote-case1', 'unpack-pallet'];
    expect(await matching(`{ epc: ["${ID.case1}"] }`)).toEqual(epc);
    const any = [...epc, 'pack-cases-1', 'unpack-case1'].sort();
    expect(await matching(`{ anyEPC: ["${ID.case1}"] }`)).toEqual(any);
    expect(await matching(`{ affectedEPC: ["${ID.case1}"] }`)).toEqual(
      [...any, 'receive-pallet', 'ship-pallet'].sort(),
    );
    // Alternatives within a field are OR: both drums.
    expect(await matching(`{ epc: ["${ID.drum(1)}", "${ID.drum(3)}"] }`)).toEqual([
      'commission-drums',
      'receive-drums',
      'ship-drums',
    ]);
  });

  it('MATCH_anyEPCClass finds lots in quantity lists (inputs and outputs too)', async () => {
    expect(await matching(`{ anyEPCClass: ["${ID.excipientLot}"] }`)).toEqual([
      'commission-excipient',
      'transform',
    ]);
    expect(await matching(`{ anyEPCClass: ["${ID.drugLot}"] }`)).toEqual(['transform']);
  });

  it('EQ_bizStep accepts CBV short names and URIs alike; conditions combine with AND', async () => {
    const shipping = ['ship-case1', 'ship-case2', 'ship-drums', 'ship-other', 'ship-pallet'];
    expect(await matching('{ bizStep: ["shipping"] }')).toEqual(shipping);
    expect(await matching('{ bizStep: ["urn:epcglobal:cbv:bizstep:shipping"] }')).toEqual(shipping);
    expect(
      await matching(
        `{ bizStep: ["https://ref.gs1.org/cbv/BizStep-shipping"], capturedByMsp: ["${ORG.distributor.msp}"] }`,
      ),
    ).toEqual(['ship-case1', 'ship-case2']);
    expect(await matching('{ disposition: ["recalled"] }')).toEqual(['quarantine']);
    expect(await matching('{ eventType: [TransformationEvent] }')).toEqual(['transform']);
    expect(await matching(`{ parentId: ["${ID.pallet}"] }`)).toEqual([
      'pack-pallet',
      'unpack-pallet',
    ]);
  });

  it('location matches bizLocation or readPoint; party matches source/destination parties', async () => {
    expect(await matching(`{ location: ["${ORG.distributor.site}"] }`)).toEqual([
      'receive-other',
      'receive-pallet',
      'ship-case1',
      'ship-case2',
      'unpack-pallet',
    ]);
    expect(await matching(`{ party: ["${ORG.distributor.party}"] }`)).toEqual([
      'receive-other',
      'receive-pallet',
      'ship-case1',
      'ship-case2',
      'ship-other',
      'ship-pallet',
    ]);
  });

  it('filters by time range [from, to), business transaction, and block for incremental extraction', async () => {
    expect(await matching(`{ from: "${at(14)}", to: "${at(16)}" }`)).toEqual([
      'receive-case1',
      'ship-case1',
    ]);
    const ship = ok(
      await api(
        `{ event(eventId: "${events.get('ship-pallet')}") { bizTransactions { type value } } }`,
      ),
    ).event;
    expect(ship.bizTransactions).toHaveLength(1);
    expect(await matching(`{ bizTransaction: ["${ship.bizTransactions[0].value}"] }`)).toEqual([
      'ship-pallet',
    ]);
    const from = rec.tx.get('dispense')!.blockNumber;
    const expected = LABELS.filter((l) => rec.tx.get(txOf(l))!.blockNumber >= from).sort();
    expect(expected.length).toBeGreaterThan(3);
    expect(await matching(`{ fromBlock: ${from} }`)).toEqual(expected);
  });

  it('lists a retracted event flagged with its errorDeclaration and provenance, and can leave it out', async () => {
    const data = ok(
      await api(`{ events(filter: { retracted: true }) { nodes { eventId retracted retractionTime retractionReason correctiveEventIds
      retractedTxId retractedBlockNumber txId blockNumber bizStep } } }`),
    );
    expect(data.events.nodes).toEqual([
      {
        eventId: WRONG_ID,
        retracted: true,
        retractionTime: at(23),
        retractionReason: 'incorrect_data',
        correctiveEventIds: [],
        retractedTxId: rec.tx.get('declare-wrong')?.txId,
        retractedBlockNumber: Number(rec.tx.get('declare-wrong')?.blockNumber),
        txId: rec.tx.get('wrong-receipt')?.txId,
        blockNumber: Number(rec.tx.get('wrong-receipt')?.blockNumber),
        bizStep: 'receiving',
      },
    ]);
    expect(await matching(`{ epc: ["${ID.case2}"], retracted: false }`)).toEqual([
      'pack-pallet',
      'ship-case2',
      'unpack-pallet',
    ]);
    expect(await matching(`{ epc: ["${ID.case2}"] }`)).toEqual([
      'pack-pallet',
      'ship-case2',
      'unpack-pallet',
      'wrong-receipt',
    ]);
    // The retracted receipt no longer ends case 2's transit.
    expect(
      ok(await api(`{ identifier(epc: "${ID.case2}") { inTransit } }`)).identifier.inTransit,
    ).toBe(true);
  });
});

describe('events: pages and order', () => {
  async function pageAll(
    first: number,
    orderBy: string,
  ): Promise<{ eventId: string; eventTime: string }[]> {
    const all: { eventId: string; eventTime: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const data = ok(
        await api(
          `query($after: String) { events(first: ${first}, after: $after, orderBy: ${orderBy}) { totalCount pageInfo { hasNextPage endCursor startCursor } edges { cursor node { eventId eventTime } } } }`,
          { after },
        ),
      );
      const conn = data.events;
      expect(conn.edges.length).toBeLessThanOrEqual(first);
      if (conn.edges.length > 0) expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1).cursor);
      all.push(...conn.edges.map((e: Record<string, unknown>) => e.node));
      expect(conn.totalCount).toBe(LABELS.length);
      if (!conn.pageInfo.hasNextPage) return all;
      after = conn.pageInfo.endCursor;
    }
  }
  const key = (e: { eventId: string; eventTime: string }): string => `${e.eventTime}|${e.eventId}`;

  it('walks every event once in (eventTime, eventId) order, across equal event times, in both directions', async () => {
    const ids = new Set(LABELS.map((l) => events.get(l)));
    for (const first of [1, 4, 500]) {
      const asc = await pageAll(first, 'EVENT_TIME_ASC');
      expect(new Set(asc.map((e) => e.eventId))).toEqual(ids);
      expect(asc).toHaveLength(ids.size);
      const keys = asc.map(key);
      expect(keys).toEqual([...keys].sort());
      const desc = await pageAll(first, 'EVENT_TIME_DESC');
      expect(desc.map(key)).toEqual([...keys].reverse());
    }
    // Equal event times exist, so page boundaries fall between ties and the eventId tie-break counts.
    const asc = await pageAll(500, 'EVENT_TIME_ASC');
    expect(new Set(asc.map((e) => e.eventTime)).size).toBeLessThan(asc.length);
  });

  it('refuses a cursor of the other order, pages over 500, and an empty or malformed filter', async () => {
    const cursor = ok(await api('{ events(first: 1) { pageInfo { endCursor } } }')).events.pageInfo
      .endCursor;
    const crossed = await api(
      'query($after: String) { events(after: $after, orderBy: EVENT_TIME_DESC) { totalCount } }',
      { after: cursor },
    );
    expect(crossed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    // A cursor of this list whose time is damaged: refused as input, not failed in SQL.
    const damaged = Buffer.from(
      JSON.stringify(['events:EVENT_TIME_ASC', 'garbage', 'x']),
      'utf8',
    ).toString('base64url');
    const broken = await api('query($after: String) { events(after: $after) { totalCount } }', {
      after: damaged,
    });
    expect(broken.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    const big = await api('{ events(first: 501) { totalCount } }');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(
      (await api('{ events(filter: { bizStep: [] }) { totalCount } }')).errors?.[0]?.extensions
        ?.field,
    ).toBe('filter.bizStep');
    expect(
      (await api('{ events(filter: { epc: ["not a urn"] }) { totalCount } }')).errors?.[0]
        ?.extensions?.field,
    ).toBe('filter.epc');
    const backwards = await api(
      `{ events(filter: { from: "${at(16)}", to: "${at(14)}" }) { totalCount } }`,
    );
    expect(backwards.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.to',
    });
  });
});

describe('events: detail and provenance', () => {
  it('resolves identifiers by role, sensor readings, business transactions, location and capturer', async () => {
    const data = ok(
      await api(`{ event(eventId: "${events.get('ship-pallet')}") { id eventType action bizStep disposition readPoint bizLocation capturedByMsp
      named: identifiers(role: [EPC]) { role identifier isClass } contained: identifiers(role: [CONTAINED]) { identifier }
      sensorReadings { readingIndex type minValue maxValue uom exception temperatureMinC temperatureMaxC }
      bizTransactions { type value } location { locationId } capturedBy { mspId } document } }`),
    );
    const e = data.event;
    expect(e).toMatchObject({
      eventType: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: ORG.manufacturer.site,
      bizLocation: null,
      capturedByMsp: ORG.manufacturer.msp,
      named: [{ role: 'EPC', identifier: ID.pallet, isClass: false }],
      sensorReadings: [
        {
          readingIndex: 0,
          type: 'Temperature',
          minValue: 3.5,
          maxValue: 9.1,
          uom: 'CEL',
          exception: 'ALARM_CONDITION',
          temperatureMinC: 3.5,
          temperatureMaxC: 9.1,
        },
      ],
      location: { locationId: ORG.manufacturer.site },
      capturedBy: { mspId: ORG.manufacturer.msp },
    });
    expect(e.contained.map((i: Record<string, unknown>) => i.identifier)).toEqual(
      [ID.case1, ID.case2, ...[1, 2, 3, 4, 5, 6].map(ID.unit)].sort(),
    );
    expect(e.bizTransactions[0].type).toMatch(/desadv/);
    expect(e.document.type).toBe('ObjectEvent');
    const back = ok(
      await api('query($id: ID!) { node(id: $id) { ... on Event { eventId } } }', { id: e.id }),
    );
    expect(back.node.eventId).toBe(events.get('ship-pallet'));
  });

  it('carries the capturing transaction and block of every event', async () => {
    const data = ok(
      await api('{ events(first: 500) { nodes { eventId txId blockNumber txIndex } } }'),
    );
    for (const n of data.events.nodes) {
      const tx = rec.tx.get(txOf(label(n.eventId)));
      expect({ txId: n.txId, blockNumber: n.blockNumber }, label(n.eventId)).toEqual({
        txId: tx?.txId,
        blockNumber: Number(tx?.blockNumber),
      });
      expect(n.txIndex).toBe(0);
    }
  });
});
