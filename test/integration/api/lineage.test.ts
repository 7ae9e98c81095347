import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLineage } from '../../../src/db/lineage.queries.js';
import { BadUserInputError } from '../../../src/errors.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import {
  at,
  graphApi,
  ID,
  loadGraphStory,
  MADE,
  runSerialOutputs,
  transformation,
  type GraphAnswer,
  type GraphStory,
  withStoryDatabase,
} from '../../support/graph-fixture.js';

const LINEAGE = `query ($of: String!, $direction: LineageDirection, $maxDepth: Int, $asOf: DateTime) {
  lineage(of: $of, direction: $direction, maxDepth: $maxDepth, asOf: $asOf) {
    root truncated
    nodes { id kind depth }
    edges { from to kind eventId txId blockNumber validFrom validTo closedByEventId closedTxId closedBlockNumber fromQuantity fromUom toQuantity toUom }
  }
}`;

let database: TestDatabase;
let story: GraphStory;
let run: Awaited<ReturnType<typeof graphApi>>;

beforeAll(async () => {
  database = await freshDatabase('lineage');
  story = await loadGraphStory(database.db);
  run = await graphApi(database.db);
});
afterAll(async () => {
  await database.db.destroy();
});

const lineage = async (variables: Record<string, unknown>): Promise<any> => {
  const answer = await run(LINEAGE, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data.lineage;
};
const nodesOf = (l: any): string[] =>
  (l.nodes as any[]).map((n: any): string => `${n.depth} ${n.kind} ${n.id}`).sort();
const edgesOf = (l: any): string[] =>
  (l.edges as any[]).map((e: any): string => `${e.kind} ${e.from} > ${e.to}`).sort();
const units = (...n: number[]): string[] => n.map(ID.unit);
const membership = (lot: string, ids: string[]): string[] =>
  ids.map((id) => `LOT_MEMBERSHIP ${lot} > ${id}`);
const packed = (parent: string, children: string[]): string[] =>
  children.map((c) => `AGGREGATION ${c} > ${parent}`);
const codeOf = (a: GraphAnswer): unknown => a.errors?.[0]?.extensions?.code;

describe('lineage over the real projector and store', () => {
  it('walks downstream from the ingredient lot through drums, the transformation, units, cases and the pallet', async () => {
    const l = await lineage({ of: ID.ingredientLot, direction: 'DOWNSTREAM' });
    expect(l.root).toBe(ID.ingredientLot);
    expect(l.truncated).toBe(false);
    expect(nodesOf(l)).toEqual(
      [
        `0 LOT ${ID.ingredientLot}`,
        ...[1, 2, 3, 4].map((n) => `1 UNIT ${ID.drum(n)}`),
        `2 LOT ${ID.drugLot}`,
        ...units(1, 2, 3, 4, 5, 6).map((u) => `3 UNIT ${u}`),
        `4 CASE ${ID.case1}`,
        `4 CASE ${ID.case2}`,
        `5 PALLET ${ID.pallet}`,
      ].sort(),
    );
    // The tote got case 1 only after the units had left it: no path from the lot reaches the tote.
    expect(edgesOf(l)).toEqual(
      [
        ...membership(ID.ingredientLot, [1, 2, 3, 4].map(ID.drum)),
        `TRANSFORMATION ${ID.drum(1)} > ${ID.drugLot}`,
        `TRANSFORMATION ${ID.drum(2)} > ${ID.drugLot}`,
        ...membership(ID.drugLot, units(1, 2, 3, 4, 5, 6)),
        ...packed(ID.case1, units(1, 2, 3)),
        ...packed(ID.case2, units(4, 5, 6)),
        ...packed(ID.pallet, [ID.case1, ID.case2]),
      ].sort(),
    );
  });

  it('gives every edge its event, transaction, block and validity interval', async () => {
    const l = await lineage({ of: ID.unit(1), direction: 'DOWNSTREAM' });
    const toCase = l.edges.find((e: any) => e.to === ID.case1);
    const packTx = story.tx.get('pack-cases')!;
    const unpackTx = story.tx.get('unpack-case1')!;
    expect(toCase).toEqual({
      from: ID.unit(1),
      to: ID.case1,
      kind: 'AGGREGATION',
      eventId: story.event('pack-cases-1'),
      txId: packTx.txId,
      blockNumber: Number(packTx.blockNumber),
      validFrom: at(9),
      validTo: at(16),
      closedByEventId: story.event('unpack-case1'),
      closedTxId: unpackTx.txId,
      closedBlockNumber: Number(unpackTx.blockNumber),
      fromQuantity: null,
      fromUom: null,
      toQuantity: null,
      toUom: null,
    });
    const transformation = (
      await lineage({ of: ID.drugLot, direction: 'UPSTREAM', maxDepth: 1 })
    ).edges.find((e: any) => e.from === ID.excipientLot);
    expect(transformation).toMatchObject({
      kind: 'TRANSFORMATION',
      eventId: story.event('transform'),
      txId: story.tx.get('transform')!.txId,
      fromQuantity: 10,
      fromUom: 'KGM',
      toQuantity: 6,
      toUom: null,
      validTo: null,
    });
  });

  it('walks upstream from a unit to its lot, the lot’s inputs and the drums’ lot', async () => {
    const l = await lineage({ of: ID.unit(1), direction: 'UPSTREAM' });
    expect(nodesOf(l)).toEqual(
      [
        `0 UNIT ${ID.unit(1)}`,
        `1 LOT ${ID.drugLot}`,
        `2 UNIT ${ID.drum(1)}`,
        `2 UNIT ${ID.drum(2)}`,
        `2 LOT ${ID.excipientLot}`,
        `3 LOT ${ID.ingredientLot}`,
      ].sort(),
    );
    expect(edgesOf(l)).toEqual(
      [
        `LOT_MEMBERSHIP ${ID.drugLot} > ${ID.unit(1)}`,
        `TRANSFORMATION ${ID.drum(1)} > ${ID.drugLot}`,
        `TRANSFORMATION ${ID.drum(2)} > ${ID.drugLot}`,
        `TRANSFORMATION ${ID.excipientLot} > ${ID.drugLot}`,
        ...membership(ID.ingredientLot, [ID.drum(1), ID.drum(2)]),
      ].sort(),
    );
  });

  it('walks both ways from case 1: contents and their origins up, pallet and tote down', async () => {
    const l = await lineage({ of: ID.case1 });
    expect(nodesOf(l)).toEqual(
      [
        `0 CASE ${ID.case1}`,
        ...units(1, 2, 3).map((u) => `1 UNIT ${u}`),
        `1 PALLET ${ID.pallet}`,
        `1 CASE ${ID.tote}`,
        `2 LOT ${ID.drugLot}`,
        `3 UNIT ${ID.drum(1)}`,
        `3 UNIT ${ID.drum(2)}`,
        `3 LOT ${ID.excipientLot}`,
        `4 LOT ${ID.ingredientLot}`,
      ].sort(),
    );
    expect(edgesOf(l)).toHaveLength(3 + 2 + 3 + 3 + 2);
    expect(edgesOf(l)).toContain(`AGGREGATION ${ID.case1} > ${ID.tote}`);
  });

  it('stops at maxDepth and says the graph goes on', async () => {
    const l = await lineage({ of: ID.ingredientLot, direction: 'DOWNSTREAM', maxDepth: 2 });
    expect(l.truncated).toBe(true);
    expect(nodesOf(l)).toEqual(
      [
        `0 LOT ${ID.ingredientLot}`,
        ...[1, 2, 3, 4].map((n) => `1 UNIT ${ID.drum(n)}`),
        `2 LOT ${ID.drugLot}`,
      ].sort(),
    );
    expect(edgesOf(l)).toHaveLength(6);
    expect(
      (await lineage({ of: ID.ingredientLot, direction: 'DOWNSTREAM', maxDepth: 5 })).truncated,
    ).toBe(false);
  });

  it('follows only the edges valid at asOf', async () => {
    const onPallet = await lineage({ of: ID.unit(4), direction: 'DOWNSTREAM', asOf: at(10.5) });
    expect(nodesOf(onPallet)).toEqual([
      `0 UNIT ${ID.unit(4)}`,
      `1 CASE ${ID.case2}`,
      `2 PALLET ${ID.pallet}`,
    ]);
    const unpacked = await lineage({ of: ID.unit(4), direction: 'DOWNSTREAM', asOf: at(13.5) });
    expect(nodesOf(unpacked)).toEqual([`0 UNIT ${ID.unit(4)}`, `1 CASE ${ID.case2}`]);
    // At the instant of the unpack the pallet edge has ended (intervals are [from, to)).
    expect(
      nodesOf(await lineage({ of: ID.unit(4), direction: 'DOWNSTREAM', asOf: at(13) })),
    ).toHaveLength(2);
    const beforePacking = await lineage({ of: ID.unit(4), direction: 'DOWNSTREAM', asOf: at(8.5) });
    expect(nodesOf(beforePacking)).toEqual([`0 UNIT ${ID.unit(4)}`]);
    const beforeTransformation = await lineage({
      of: ID.drum(1),
      direction: 'DOWNSTREAM',
      asOf: at(5),
    });
    expect(beforeTransformation.edges).toEqual([]);
  });

  it('never reaches the unrelated chain', async () => {
    const l = await lineage({ of: ID.ingredientLot, maxDepth: 50 });
    const ids = l.nodes.map((n: any): string => String(n.id));
    expect(ids.filter((id: string) => id.includes('022222') || id === ID.case3)).toEqual([]);
    const other = await lineage({ of: ID.otherLot, direction: 'DOWNSTREAM' });
    expect(nodesOf(other)).toEqual([
      `0 LOT ${ID.otherLot}`,
      `1 UNIT ${ID.otherUnit(1)}`,
      `1 UNIT ${ID.otherUnit(2)}`,
      `2 CASE ${ID.case3}`,
    ]);
  });

  it('follows no edge of an event declared erroneous', async () => {
    const retract = (block: bigint | null) =>
      database.db
        .updateTable('events')
        .set({ retracted: block !== null, retracted_block_number: block })
        .where('event_id', '=', story.event('pack-cases-1'))
        .execute();
    const downFromUnit1 = { of: ID.unit(1), direction: 'DOWNSTREAM' };
    expect(nodesOf(await lineage(downFromUnit1))).toContain(`1 CASE ${ID.case1}`);
    await retract(999n);
    try {
      expect(nodesOf(await lineage(downFromUnit1))).toEqual([`0 UNIT ${ID.unit(1)}`]);
    } finally {
      await retract(null);
    }
  });

  it('classifies nodes by live edges only: a pallet whose packing was declared erroneous is a case', async () => {
    const packPallet = story.event('pack-pallet');
    const retract = (block: bigint | null) =>
      database.db
        .updateTable('events')
        .set({ retracted: block !== null, retracted_block_number: block })
        .where('event_id', '=', packPallet)
        .execute();
    const root = { of: ID.pallet, direction: 'UPSTREAM', maxDepth: 1 };
    expect(nodesOf(await lineage(root))).toContain(`0 PALLET ${ID.pallet}`);
    await retract(999n);
    try {
      expect(nodesOf(await lineage(root))).toEqual([`0 CASE ${ID.pallet}`]);
      // The cases themselves were packed by a live event and still hold their units.
      expect(
        nodesOf(await lineage({ of: ID.case1, direction: 'UPSTREAM', maxDepth: 1 })),
      ).toContain(`0 CASE ${ID.case1}`);
    } finally {
      await retract(null);
    }
  });

  it('leaves out kinds and provenance when asked to, with the same graph either way', async () => {
    // Without provenance the edges come from another plan (the walk's covering index, made
    // distinct there): roots whose walks reach nodes along several paths check it dedups alike.
    for (const root of [ID.case1, ID.drugLot, ID.ingredientLot, ID.pallet, ID.unit(4)]) {
      const q = { root, direction: 'BOTH' as const, maxDepth: 10 };
      const full = await findLineage(database.db, q);
      const bare = await findLineage(database.db, {
        ...q,
        withKinds: false,
        withProvenance: false,
      });
      expect(bare.nodes).toEqual(full.nodes.map(({ id, depth }) => ({ id, depth })));
      expect(bare.edges).toEqual(
        full.edges.map(({ from, to, kind, validFrom }) => ({ from, to, kind, validFrom })),
      );
      expect(bare.truncated).toBe(full.truncated);
    }
  });

  it('lists nodes by depth then id and edges by start, ends and kind', async () => {
    for (const withProvenance of [true, false]) {
      const { nodes, edges } = await findLineage(database.db, {
        root: ID.drugLot,
        direction: 'BOTH',
        maxDepth: 10,
        withProvenance,
      });
      expect(nodes.length).toBeGreaterThan(5);
      const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
      expect(nodes).toEqual([...nodes].sort((a, b) => a.depth - b.depth || cmp(a.id, b.id)));
      const key = (e: (typeof edges)[number]): string[] => [e.from, e.to, e.kind];
      expect(edges).toEqual(
        [...edges].sort(
          (a, b) =>
            a.validFrom.getTime() - b.validFrom.getTime() ||
            key(a).reduce((r, x, i) => r || cmp(x, key(b)[i] ?? ''), 0),
        ),
      );
    }
  });

  it('fetches kinds and provenance when the operation selects them, also through fragments', async () => {
    const viaFragments = await run(
      `query ($of: String!) { lineage(of: $of) { nodes { ...N } edges { from to ...E } } }
       fragment N on LineageNode { id depth kind }
       fragment E on LineageEdge { kind txId closedByEventId }`,
      { of: ID.unit(1) },
    );
    expect(viaFragments.errors).toBeUndefined();
    const direct = await lineage({ of: ID.unit(1) });
    expect(nodesOf(viaFragments.data.lineage)).toEqual(nodesOf(direct));
    const toCase = (l: any): any => l.edges.find((e: any) => e.to === ID.case1);
    expect(toCase(viaFragments.data.lineage)).toEqual({
      from: ID.unit(1),
      to: ID.case1,
      kind: 'AGGREGATION',
      txId: story.tx.get('pack-cases')!.txId,
      closedByEventId: story.event('unpack-case1'),
    });
  });

  it('refuses bad arguments with BAD_USER_INPUT naming what to fix, and an unknown id with NOT_FOUND', async () => {
    const tooDeep = await run(LINEAGE, { of: ID.unit(1), maxDepth: 51 });
    expect(codeOf(tooDeep)).toBe('BAD_USER_INPUT');
    expect(tooDeep.errors?.[0]?.message).toMatch(/maxDepth must be an integer from 1 to 50/);
    expect(codeOf(await run(LINEAGE, { of: ID.unit(1), maxDepth: 0 }))).toBe('BAD_USER_INPUT');
    const notUrn = await run(LINEAGE, { of: 'LOT-A' });
    expect(codeOf(notUrn)).toBe('BAD_USER_INPUT');
    expect(notUrn.errors?.[0]?.extensions?.field).toBe('of');
    const unknown = await run(LINEAGE, { of: 'urn:epc:id:sgtin:0614141.012345.999' });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
  });

  it('refuses an answer over the node cap with BAD_USER_INPUT saying what to narrow', async () => {
    const q = { root: ID.ingredientLot, direction: 'DOWNSTREAM' as const, maxDepth: 10 };
    expect((await findLineage(database.db, { ...q, maxNodes: 15 })).nodes).toHaveLength(15);
    const error = await findLineage(database.db, { ...q, maxNodes: 14 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as Error).message).toMatch(/exceeds 14 nodes; lower maxDepth, ask one direction/);
  });
});

describe('lineage of a lot made as serialised outputs', () => {
  it('reaches its inputs upstream through the serials the transformations made', async () => {
    await withStoryDatabase('lineage_serial_outputs', async ({ db, rec, api, flush }) => {
      await runSerialOutputs(rec);
      await flush();
      const answer = await api(LINEAGE, { of: MADE.lot, direction: 'UPSTREAM' });
      expect(answer.errors).toBeUndefined();
      const l = answer.data?.lineage;
      const serials = [1, 2, 3, 4, 5, 6].map(MADE.serial);
      expect(nodesOf(l)).toEqual(
        [
          `0 LOT ${MADE.lot}`,
          ...serials.map((s) => `1 UNIT ${s}`),
          `2 UNIT ${ID.drum(3)}`,
          `2 UNIT ${ID.drum(4)}`,
          `3 LOT ${ID.ingredientLot}`,
        ].sort(),
      );
      expect(edgesOf(l)).toEqual(
        [
          ...membership(MADE.lot, serials),
          ...serials.slice(0, 4).map((s) => `TRANSFORMATION ${ID.drum(3)} > ${s}`),
          ...serials.slice(4).map((s) => `TRANSFORMATION ${ID.drum(4)} > ${s}`),
          ...membership(ID.ingredientLot, [ID.drum(3), ID.drum(4)]),
        ].sort(),
      );
      // One hop: the lot and its serials, each tied to it by its membership; the walk goes on.
      const hop = await api(LINEAGE, { of: MADE.lot, direction: 'UPSTREAM', maxDepth: 1 });
      expect(nodesOf(hop.data?.lineage)).toEqual(
        [`0 LOT ${MADE.lot}`, ...serials.map((s) => `1 UNIT ${s}`)].sort(),
      );
      expect(edgesOf(hop.data?.lineage)).toEqual(membership(MADE.lot, serials).sort());
      expect(hop.data?.lineage.truncated).toBe(true);
      // A serial's upstream: its run's input and its lot, not the lot's other serials or runs.
      const one = await api(LINEAGE, { of: MADE.serial(1), direction: 'UPSTREAM' });
      expect(nodesOf(one.data?.lineage)).toEqual(
        [
          `0 UNIT ${MADE.serial(1)}`,
          `1 UNIT ${ID.drum(3)}`,
          `1 LOT ${MADE.lot}`,
          `2 LOT ${ID.ingredientLot}`,
        ].sort(),
      );
      // Downstream of a drum: the serials made from it and their lot, tied by the memberships of
      // those serials only. The lot is not walked: serials 5-6, made from drum 4, stay out.
      const down = await api(LINEAGE, { of: ID.drum(3), direction: 'DOWNSTREAM' });
      expect(down.errors).toBeUndefined();
      const fromDrum3 = serials.slice(0, 4);
      expect(nodesOf(down.data?.lineage)).toEqual(
        [
          `0 UNIT ${ID.drum(3)}`,
          ...fromDrum3.map((s) => `1 UNIT ${s}`),
          `2 LOT ${MADE.lot}`,
        ].sort(),
      );
      expect(edgesOf(down.data?.lineage)).toEqual(
        [
          ...fromDrum3.map((s) => `TRANSFORMATION ${ID.drum(3)} > ${s}`),
          ...membership(MADE.lot, fromDrum3),
        ].sort(),
      );
      expect(down.data?.lineage.truncated).toBe(false);
      // Drum 4 made serials of two lots: both are listed.
      const down4 = await api(LINEAGE, { of: ID.drum(4), direction: 'DOWNSTREAM' });
      expect(nodesOf(down4.data?.lineage).filter((n) => n.startsWith('2 '))).toEqual(
        [`2 LOT ${MADE.lot}`, `2 LOT ${MADE.otherLot}`].sort(),
      );
      // The bound stops before the lot and says so; from the ingredient lot it is three hops.
      const bounded = await api(LINEAGE, { of: ID.drum(3), direction: 'DOWNSTREAM', maxDepth: 1 });
      expect(nodesOf(bounded.data?.lineage)).not.toContain(`2 LOT ${MADE.lot}`);
      expect(bounded.data?.lineage.truncated).toBe(true);
      const fromLot = await findLineage(db, {
        root: ID.ingredientLot,
        direction: 'DOWNSTREAM',
        maxDepth: 10,
        withProvenance: false,
      });
      expect(fromLot.nodes).toContainEqual({ id: MADE.lot, depth: 3, kind: 'LOT' });
      expect(fromLot.nodes).toContainEqual({ id: MADE.otherLot, depth: 3, kind: 'LOT' });
      // With provenance (another plan: a TID scan), each tie carries the transaction that made it.
      const proven = await findLineage(db, {
        root: ID.drum(3),
        direction: 'DOWNSTREAM',
        maxDepth: 10,
      });
      const ties = proven.edges.filter((e) => e.kind === 'lot_membership');
      expect(ties.map((e) => e.to).sort()).toEqual([...fromDrum3].sort());
      expect(new Set(ties.map((e) => ('txId' in e ? e.txId : undefined)))).toEqual(
        new Set([rec.tx.get('serials-from-drum-3')?.txId]),
      );
      // A lot made from SER-1 by quantity, one hop up: SER-1 at the bound, whose serials go on.
      const out = 'urn:epc:class:lgtin:0777777.088888.OUT-1';
      await rec.capture(
        'lot-from-serialised-lot',
        'supplier',
        transformation(
          32,
          { inputQuantityList: [{ epcClass: MADE.lot, quantity: 2 }] },
          [{ epcClass: out, quantity: 1 }],
          'supplier',
        ),
      );
      await flush();
      const bound = await api(LINEAGE, { of: out, direction: 'UPSTREAM', maxDepth: 1 });
      expect(nodesOf(bound.data?.lineage)).toEqual([`0 LOT ${out}`, `1 LOT ${MADE.lot}`]);
      expect(bound.data?.lineage.truncated).toBe(true);
    });
  });
});
