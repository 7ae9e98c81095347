import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  at,
  graphApi,
  ID,
  ORG,
  loadGraphStory,
  type GraphStory,
} from '../../support/graph-fixture.js';

const TRACE = `query ($epc: String!) {
  trace(epc: $epc) {
    epc kind truncated
    state { ownerMsp ownerParty location disposition parent txId blockNumber }
    containments { container depth via from to packEventId unpackEventId txId blockNumber closedTxId closedBlockNumber }
    entries { eventId eventType eventTime action bizStep disposition readPoint bizLocation locationName roles containers
      parties { side type value } bizTransactions { type value } capturedByMsp excursion temperatureMinC temperatureMaxC txId blockNumber }
  }
}`;

let database: TestDatabase;
let story: GraphStory;
let run: Awaited<ReturnType<typeof graphApi>>;

beforeAll(async () => {
  database = await freshDatabase('trace');
  story = await loadGraphStory(database.db);
  run = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const trace = async (epc: string): Promise<any> => {
  const answer = await run(TRACE, { epc });
  expect(answer.errors).toBeUndefined();
  return answer.data.trace;
};
/** Each entry as "story label / roles / containers" for readable order assertions. */
const steps = (t: any): string[] => {
  const labels = new Map([...story.events].map(([label, id]) => [id, label]));
  return (t.entries as any[]).map(
    (e: any): string =>
      `${labels.get(e.eventId)} / ${e.roles.join(',')} / ${e.containers.join(',')}`,
  );
};
const tx = (label: string): { txId: string; blockNumber: number } => {
  const t = story.tx.get(label)!;
  return { txId: t.txId, blockNumber: Number(t.blockNumber) };
};

describe('trace over the real projector and store', () => {
  it('orders a unit’s history by time, its containers’ movements included while it was inside', async () => {
    const t = await trace(ID.unit(4));
    expect([t.epc, t.kind, t.truncated]).toEqual([ID.unit(4), 'UNIT', false]);
    expect(steps(t)).toEqual([
      'commission-units / epc / ',
      `pack-cases-2 / child / ${ID.case2}`,
      `pack-pallet / contained / ${ID.case2},${ID.pallet}`,
      `ship-pallet / contained / ${ID.case2},${ID.pallet}`,
      `receive-pallet / contained / ${ID.case2},${ID.pallet}`,
      `unpack-pallet / contained / ${ID.case2},${ID.pallet}`,
      `ship-case2 / contained / ${ID.case2}`,
    ]);
    const times = t.entries.map((e: any): string => String(e.eventTime));
    expect(times).toEqual([at(8), at(9), at(10), at(11), at(12), at(13), at(19)]);
  });

  it('gives the containment intervals, the pallet one intersected with the case one', async () => {
    const t = await trace(ID.unit(4));
    expect(t.containments).toEqual([
      {
        container: ID.case2,
        depth: 1,
        via: null,
        from: at(9),
        to: null,
        packEventId: story.event('pack-cases-2'),
        unpackEventId: null,
        ...tx('pack-cases'),
        closedTxId: null,
        closedBlockNumber: null,
      },
      {
        container: ID.pallet,
        depth: 2,
        via: ID.case2,
        from: at(10),
        to: at(13),
        packEventId: story.event('pack-pallet'),
        unpackEventId: story.event('unpack-pallet'),
        ...tx('pack-pallet'),
        closedTxId: tx('unpack-pallet').txId,
        closedBlockNumber: tx('unpack-pallet').blockNumber,
      },
    ]);
    expect(t.state).toEqual({
      ownerMsp: ORG.distributor.msp,
      ownerParty: ORG.distributor.party,
      location: ORG.distributor.site,
      disposition: 'in_transit',
      parent: ID.case2,
      ...tx('ship-case2'),
    });
  });

  it('gives each entry its location, parties, business transactions, sensor flag and provenance', async () => {
    const t = await trace(ID.unit(4));
    const ship = t.entries.find((e: any) => e.eventId === story.event('ship-pallet'));
    expect(ship).toEqual({
      eventId: story.event('ship-pallet'),
      eventType: 'ObjectEvent',
      eventTime: at(11),
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: ORG.manufacturer.site,
      bizLocation: null,
      locationName: 'manufacturer site',
      roles: ['contained'],
      containers: [ID.case2, ID.pallet],
      parties: [
        { side: 'SOURCE', type: 'owning_party', value: ORG.manufacturer.party },
        { side: 'SOURCE', type: 'location', value: ORG.manufacturer.site },
        { side: 'DESTINATION', type: 'owning_party', value: ORG.distributor.party },
        { side: 'DESTINATION', type: 'location', value: ORG.distributor.site },
      ],
      bizTransactions: [{ type: 'desadv', value: expect.stringMatching(/:DESADV-11$/) }],
      capturedByMsp: ORG.manufacturer.msp,
      excursion: true,
      temperatureMinC: 3.5,
      temperatureMaxC: 9.1,
      ...tx('ship-pallet'),
    });
    const receive = t.entries.find((e: any) => e.eventId === story.event('receive-pallet'));
    expect(receive).toMatchObject({
      excursion: false,
      bizLocation: ORG.distributor.site,
      locationName: 'distributor site',
      capturedByMsp: ORG.distributor.msp,
    });
  });

  it('does not give a unit the events of a container it had left (case 1 went into a tote after unpacking)', async () => {
    const t = await trace(ID.unit(1));
    expect(steps(t)).toEqual([
      'commission-units / epc / ',
      `pack-cases-1 / child / ${ID.case1}`,
      `pack-pallet / contained / ${ID.case1},${ID.pallet}`,
      `ship-pallet / contained / ${ID.case1},${ID.pallet}`,
      `receive-pallet / contained / ${ID.case1},${ID.pallet}`,
      `unpack-pallet / contained / ${ID.case1},${ID.pallet}`,
      `ship-case1 / contained / ${ID.case1}`,
      `receive-case1 / contained / ${ID.case1}`,
      `unpack-case1 / contained / ${ID.case1}`,
      'dispense / epc / ',
    ]);
    expect(
      t.containments.map((c: any): unknown[] => [c.container, c.from, c.to] as unknown[]),
    ).toEqual([
      [ID.case1, at(9), at(16)],
      [ID.pallet, at(10), at(13)],
    ]);
  });

  it('traces a container: its own events and the pallet’s while it was on it', async () => {
    const t = await trace(ID.case1);
    expect(t.kind).toBe('CASE');
    expect(steps(t)).toEqual([
      'pack-cases-1 / parent / ',
      `pack-pallet / child / ${ID.pallet}`,
      `ship-pallet / contained / ${ID.pallet}`,
      `receive-pallet / contained / ${ID.pallet}`,
      `unpack-pallet / child / ${ID.pallet}`,
      'ship-case1 / epc / ',
      'receive-case1 / epc / ',
      'unpack-case1 / parent / ',
      `tote-case1 / child / ${ID.tote}`,
    ]);
  });

  it('pages a long history: every entry once, in order, each page after the last one shown', async () => {
    const PAGE = `query ($epc: String!, $first: Int, $after: String) {
      trace(epc: $epc, first: $first, after: $after) { truncated endCursor entries { eventId } }
    }`;
    const whole = await trace(ID.case1);
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = await run(PAGE, {
        epc: ID.case1,
        first: 2,
        ...(after === undefined ? {} : { after }),
      });
      expect(answer.errors).toBeUndefined();
      const t = answer.data?.trace;
      ids.push(...t.entries.map((e: any): string => String(e.eventId)));
      expect(t.truncated).toBe(ids.length < whole.entries.length);
      if (!t.truncated) break;
      after = t.endCursor;
    }
    expect(ids).toEqual(whole.entries.map((e: any): string => String(e.eventId)));
    // After the last entry: nothing more, and no error.
    const end = await run(PAGE, { epc: ID.case1, first: 50 });
    const past = await run(PAGE, { epc: ID.case1, after: end.data?.trace.endCursor });
    expect(past.data?.trace).toEqual({ truncated: false, endCursor: null, entries: [] });
  });

  it('refuses a page size out of range, a cursor of another trace and a damaged one', async () => {
    const PAGE = `query ($epc: String!, $first: Int, $after: String) {
      trace(epc: $epc, first: $first, after: $after) { endCursor }
    }`;
    const fault = async (variables: Record<string, unknown>): Promise<unknown> =>
      (await run(PAGE, variables)).errors?.[0]?.extensions;
    expect(await fault({ epc: ID.case1, first: 0 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    expect(await fault({ epc: ID.case1, first: 1001 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    const cursor = String((await run(PAGE, { epc: ID.case1, first: 1 })).data?.trace.endCursor);
    expect(await fault({ epc: ID.case2, after: cursor })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    const [list, time, ...rest] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString(),
    ) as string[];
    const [block] = rest;
    const damaged = [
      [list, `${time}x`, ...rest],
      // A transaction index past int range would overflow in SQL: refused first.
      [list, time, block, '123456789012', '0'],
      // Days and years the database refuses, which Date.parse accepts.
      [list, '2025-02-30T00:00:00.000000Z', ...rest],
      [list, '0000-01-01T00:00:00.000000Z', ...rest],
    ].map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url'));
    for (const after of damaged) {
      expect(await fault({ epc: ID.case1, after })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    }
  });

  it('answers NOT_FOUND for an identifier no event names, BAD_USER_INPUT for a non-URN', async () => {
    expect(
      (await run(TRACE, { epc: 'urn:epc:id:sgtin:0614141.012345.999' })).errors?.[0]?.extensions
        ?.code,
    ).toBe('NOT_FOUND');
    expect((await run(TRACE, { epc: '  ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
