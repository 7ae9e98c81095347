import { describe, expect, it } from 'vitest';
import { dedupeRows, mergeRowSets } from '../../../src/indexer/row-set-merge.js';
import { emptyRowSet } from '../../../src/indexer/row-set.js';
import { TABLE_SPECS } from '../../../src/indexer/table-specs.js';

const p = (block: bigint, tx = 0) => ({
  tx_id: `t${block}.${tx}`,
  block_number: block,
  tx_index: tx,
});

describe('row-set merge', () => {
  it('keeps the first fact, the last state, and lot membership once per lot and serial', () => {
    const facts = dedupeRows(TABLE_SPECS.biz_transactions, [
      { event_id: 'e', type: 'po', value: 'A', ...p(1n) },
      { event_id: 'e', type: 'po', value: 'A', ...p(2n) },
    ]);
    expect(facts.map((r) => r.block_number)).toEqual([1n]);
    const state = dedupeRows(TABLE_SPECS.parties, [
      { party_id: 'x', msp_id: 'A', ...p(1n) },
      { party_id: 'y', msp_id: 'A', ...p(1n) },
      { party_id: 'x', msp_id: 'B', ...p(2n) },
    ]);
    expect(state.map((r) => [r.party_id, r.msp_id])).toEqual([
      ['x', 'B'],
      ['y', 'A'],
    ]);
    const edge = { from_id: 'lot', to_id: 's1', kind: 'lot_membership' };
    const edges = dedupeRows(TABLE_SPECS.lineage_edge, [
      { ...edge, event_id: 'commission' },
      { ...edge, event_id: 'pack' },
      { ...edge, kind: 'aggregation', event_id: 'pack' },
    ] as never[]);
    expect(edges.map((e: { kind: string; event_id: string }) => [e.kind, e.event_id])).toEqual([
      ['lot_membership', 'commission'],
      ['aggregation', 'pack'],
    ]);
  });

  it('folds a later declaration into the captured event, keeping the capture provenance', () => {
    const captured = {
      event_id: 'e',
      retracted: false,
      retraction_reason: null,
      retracted_block_number: null,
      document: { a: 1 },
      ...p(1n),
    };
    const declared = {
      event_id: 'e',
      retracted: true,
      retraction_reason: 'incorrect_data',
      retracted_block_number: 3n,
      document: { b: 2 },
      ...p(3n),
    };
    const [merged] = dedupeRows(TABLE_SPECS.events, [
      captured,
      declared,
      { ...declared, retraction_reason: 'second' },
    ]);
    expect(merged).toMatchObject({
      block_number: 1n,
      document: { a: 1 },
      retracted: true,
      retraction_reason: 'incorrect_data',
      retracted_block_number: 3n,
    });
  });

  it('concatenates closes in ledger order across blocks', () => {
    const a = emptyRowSet();
    const b = emptyRowSet();
    const close = {
      child_id: 'c',
      parent_id: 'p',
      event_id: 'e',
      event_time: 't',
      tx_id: 'x',
      tx_index: 0,
      record_index: 0,
    };
    a.aggregationCloses.push({ ...close, block_number: 1n });
    b.aggregationCloses.push({ ...close, block_number: 2n });
    expect(mergeRowSets([a, b]).aggregationCloses.map((c) => c.block_number)).toEqual([1n, 2n]);
  });
});
