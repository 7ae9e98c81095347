import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { rowsToJson, writeRows } from '../../../src/db/mirror-write.queries.js';
import { TABLE_SPECS } from '../../../src/indexer/table-specs.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';

// Text that array literals, JSON and COPY-like formats each treat specially.
const AWKWARD = 'q"uote \\back,comma {brace} NULL\n\ttab é ✓';
const at = { tx_id: 'tx', block_number: 7n, tx_index: 0 };

/** An events row with id `eventId` and `document`, its other columns plain. */
const eventRow = (eventId: string, document: object): Record<string, unknown> => ({
  event_id: eventId,
  event_type: 'ObjectEvent',
  event_time: '2025-03-19T01:46:52.882Z',
  event_time_zone_offset: '+01:00',
  action: null,
  biz_step: null,
  disposition: null,
  read_point: null,
  biz_location: null,
  transformation_id: null,
  parent_id: null,
  event_id_generated: true,
  ilmd: null,
  unverified_identifiers: [],
  captured_by_msp: 'Org1MSP',
  document,
  content_hash: null,
  affected_lots: ['lot"1', 'lot\\2'],
  retracted: false,
  retraction_time: null,
  retraction_reason: null,
  corrective_event_ids: null,
  retracted_tx_id: null,
  retracted_block_number: null,
  retracted_tx_index: null,
  record_index: 3,
  ...at,
});

describe('rows written through unnest arrays', () => {
  let t: TestDatabase | undefined;
  afterAll(async () => {
    await t?.db.destroy();
  });

  it('come back exactly as projected, whatever the text, arrays, bytes, numbers and JSON', async () => {
    t = await freshDatabase('encoding');
    const document = { eventID: AWKWARD, nested: { list: [1, 'two', null], empty: {} } };
    await writeRows(t.db, [
      {
        spec: TABLE_SPECS.blocks,
        rows: [
          {
            number: 7n,
            header_hash: new Uint8Array([0, 1, 254, 255]),
            previous_hash: new Uint8Array([]),
            data_hash: new Uint8Array([92, 34]),
            tx_count: 1,
            is_config: false,
            block_time: null,
          },
        ],
      },
      {
        spec: TABLE_SPECS.organizations,
        rows: [
          {
            msp_id: AWKWARD,
            name: '',
            role: 'NULL',
            party_ids: [AWKWARD, '', '{}'],
            company_prefixes: [],
            ...at,
          },
        ],
      },
      {
        spec: TABLE_SPECS.events,
        rows: [eventRow(AWKWARD, document)],
      },
      {
        spec: TABLE_SPECS.event_identifiers,
        rows: [1.5, 1e21, 0.1, null].map((quantity, i) => ({
          event_id: AWKWARD,
          role: 'epc' as const,
          identifier: `id${i}`,
          is_class: quantity !== null,
          quantity,
          uom: quantity === null ? null : 'KGM',
          event_time: '2025-03-19T01:46:52.882Z',
          ...at,
        })),
      },
    ]);

    const block = await t.db.selectFrom('blocks').selectAll().executeTakeFirstOrThrow();
    expect([...block.header_hash]).toEqual([0, 1, 254, 255]);
    expect([...block.previous_hash]).toEqual([]);
    expect([...block.data_hash]).toEqual([92, 34]);
    const org = await t.db.selectFrom('organizations').selectAll().executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      msp_id: AWKWARD,
      name: '',
      role: 'NULL',
      party_ids: [AWKWARD, '', '{}'],
      company_prefixes: [],
    });
    const event = await t.db.selectFrom('events').selectAll().executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      event_id: AWKWARD,
      ilmd: null,
      document,
      unverified_identifiers: [],
      affected_lots: ['lot"1', 'lot\\2'],
      corrective_event_ids: null,
      block_number: 7n,
    });
    expect(event.event_time.toISOString()).toBe('2025-03-19T01:46:52.882Z');
    const quantities = await t.db
      .selectFrom('event_identifiers')
      .select(['identifier', 'quantity', 'uom'])
      .orderBy('identifier')
      .execute();
    expect(quantities.map((r) => r.quantity)).toEqual([
      '1.5',
      '1000000000000000000000',
      '0.1',
      null,
    ]);
  });

  it('store U+0000, which PostgreSQL text and jsonb refuse, as U+FFFD instead of failing the batch', async () => {
    t ??= await freshDatabase('encoding');
    const nul = 'a\u0000b';
    const fffd = 'a\uFFFDb';
    await writeRows(t.db, [
      {
        spec: TABLE_SPECS.events,
        rows: [
          {
            ...eventRow(`ev-${nul}`, { note: nul, [nul]: [nul], 'a\\u0000b': 'literal backslash' }),
            affected_lots: [nul],
            block_number: 8n,
          },
        ],
      },
    ]);
    const event = await t.db
      .selectFrom('events')
      .selectAll()
      .where('block_number', '=', 8n)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      event_id: `ev-${fffd}`,
      document: { note: fffd, [fffd]: [fffd], 'a\\u0000b': 'literal backslash' },
      affected_lots: [fffd],
    });
    // The JSON path of the small statements (json_to_recordset) too.
    const viaJson = await sql<{
      a: string;
    }>`SELECT * FROM json_to_recordset(${rowsToJson([{ a: nul }])}::json) AS r(a text)`.execute(
      t.db,
    );
    expect(viaJson.rows).toEqual([{ a: fffd }]);
  });
});
