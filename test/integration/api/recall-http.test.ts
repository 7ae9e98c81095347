import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../../src/server/authenticate.js';
import { csvCell, recallCsvHandler, RECALL_CSV_COLUMNS } from '../../../src/server/recall-csv.js';
import { ROLES, type Role } from '../../../src/server/roles.js';
import { startApiHarness, type ApiHarness } from '../../support/api-harness.js';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';
import { ID, ORG, loadGraphStory, type GraphStory } from '../../support/graph-fixture.js';

let database: TestDatabase;
let story: GraphStory;
let api: ApiHarness;
let csvServer: http.Server;
let csvUrl: string;

beforeAll(async () => {
  database = await freshDatabase('recall_http');
  story = await loadGraphStory(database.db);
  api = await startApiHarness(database.db);
  // The lead mounts the handler in create-server.ts; here it runs on its own Express app.
  const app = express();
  app.get(
    '/export/recall-impact.csv',
    recallCsvHandler(database.db, new Authenticator(database.db)),
  );
  csvServer = http.createServer(app);
  await new Promise<void>((resolve) => csvServer.listen(0, '127.0.0.1', resolve));
  csvUrl = `http://127.0.0.1:${(csvServer.address() as AddressInfo).port}/export/recall-impact.csv`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => csvServer.close(() => resolve()));
  await api.server.stop();
  await database.db.destroy();
});

const FIELDS = {
  lineage: `{ lineage(of: "${ID.drugLot}", maxDepth: 1) { root } }`,
  trace: `{ trace(epc: "${ID.unit(1)}") { epc } }`,
  footprint: `{ footprint(lot: "${ID.drugLot}") { totalKgCo2e } }`,
  recallImpact: `{ recallImpact(lot: "${ID.drugLot}", first: 1) { totalCount } }`,
} as const;

describe('who may ask the graph questions (HTTP, real API keys)', () => {
  const allowed = (field: keyof typeof FIELDS, role: Role): boolean =>
    field !== 'recallImpact' || role === 'recall_coordinator';
  for (const field of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
    for (const role of ROLES) {
      it(`${field} as ${role}: ${allowed(field, role) ? 'answered' : 'FORBIDDEN'}`, async () => {
        const { status, body } = await api.post(FIELDS[field], { key: api.keys[role] });
        expect(status).toBe(200);
        if (allowed(field, role)) {
          expect(body.errors).toBeUndefined();
          expect(body.data[field]).not.toBeNull();
        } else {
          expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
          expect(body.errors[0].message).toMatch(/needs a key with permission recall/);
        }
      });
    }
    it(`${field} without a key: 401 UNAUTHENTICATED`, async () => {
      const { status, body } = await api.post(FIELDS[field], { key: null });
      expect(status).toBe(401);
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  }

  it('answers a page size over 500 with BAD_USER_INPUT over HTTP too', async () => {
    const { body } = await api.post(
      `{ recallImpact(lot: "${ID.drugLot}", first: 501) { totalCount } }`,
      { key: api.keys.recall_coordinator },
    );
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('the cost limit and a full recall question (HTTP)', () => {
  // Every breakdown of the summary beside a page of 500 items with their provenance: the summary
  // counts once toward the cost limit, the page by its size. It used to be multiplied by first too.
  const full = (first: number): string => `{ recallImpact(lot: "${ID.drugLot}", first: ${first}) {
    totalCount roots recall { recallId lotClasses }
    summary {
      byKind { kind count } byStatus { status count } byParty { ownerMsp ownerParty count }
      byLocation { location name count } lots { lotClass quantityRemaining txId blockNumber }
      inTransit { shipEventId identifier destinationLocation affectedItems txId blockNumber }
      excursions { eventId type exception temperatureMaxC affectedItems txId blockNumber }
    }
    edges { cursor node { id kind status ownerMsp possessorMsp location locationName container topContainer
      lastEventId txId blockNumber reachedVia { kind from eventId txId blockNumber } } }
    pageInfo { hasNextPage endCursor } } }`;

  it('answers summary and a 500-item page in one question', async () => {
    const { status, body } = await api.post(full(500), { key: api.keys.recall_coordinator });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.recallImpact.edges).toHaveLength(body.data.recallImpact.totalCount);
    expect(body.data.recallImpact.summary.byKind.length).toBeGreaterThan(0);
  });
});

const getCsv = (query: string, role: Role | null): Promise<Response> =>
  fetch(`${csvUrl}?${query}`, {
    headers: role === null ? {} : { authorization: `Bearer ${api.keys[role]}` },
  });
const rowsOf = (text: string): string[][] =>
  text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));

describe('recall CSV export', () => {
  it('streams every affected item with its state and provenance to a recall coordinator', async () => {
    const response = await getCsv(`lot=${encodeURIComponent(ID.drugLot)}`, 'recall_coordinator');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="recall-impact-urn_epc_class_lgtin_0614141.012345.LOT-A.csv"/,
    );
    const [header, ...rows] = rowsOf(await response.text());
    expect(header).toEqual([...RECALL_CSV_COLUMNS]);
    expect(rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`)).toEqual([
      `${ID.drugLot} LOT RECALLED`,
      `${ID.unit(1)} UNIT DISPENSED`,
      `${ID.unit(2)} UNIT DESTROYED`,
      `${ID.unit(3)} UNIT RECALLED`,
      `${ID.unit(4)} UNIT IN_TRANSIT`,
      `${ID.unit(5)} UNIT IN_TRANSIT`,
      `${ID.unit(6)} UNIT IN_TRANSIT`,
      `${ID.case2} CASE IN_TRANSIT`,
    ]);
    const unit4 = Object.fromEntries(RECALL_CSV_COLUMNS.map((c, i) => [c, rows[4]![i]]));
    expect(unit4).toMatchObject({
      owner_msp: ORG.distributor.msp,
      possessor_msp: ORG.distributor.msp,
      location: ORG.distributor.site,
      location_name: 'distributor site',
      container: ID.case2,
      top_container: ID.case2,
      in_transit_to_msp: ORG.pharmacy.msp,
      tx_id: story.tx.get('ship-case2')!.txId,
      block_number: String(story.tx.get('ship-case2')!.blockNumber),
      reached_via_kind: 'lot_membership',
      reached_via_from: ID.drugLot,
      reached_via_event_id: story.event('commission-units'),
    });
    expect(rows.every((r) => r.length === RECALL_CSV_COLUMNS.length)).toBe(true);
  });

  it('exports by recall id too', async () => {
    const response = await getCsv('recallId=RCL-1', 'recall_coordinator');
    expect(response.status).toBe(200);
    expect(rowsOf(await response.text())).toHaveLength(9);
  });

  it('refuses without a key (401), without the recall permission (403) and with bad parameters (400/404)', async () => {
    const lot = `lot=${encodeURIComponent(ID.drugLot)}`;
    expect((await getCsv(lot, null)).status).toBe(401);
    const forbidden = await getCsv(lot, 'reader');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: {
        code: 'FORBIDDEN',
        message: expect.stringMatching(/needs a key with permission recall/),
      },
    });
    expect((await getCsv('', 'recall_coordinator')).status).toBe(400);
    expect((await getCsv(`${lot}&asOf=yesterday`, 'recall_coordinator')).status).toBe(400);
    expect((await getCsv(`${lot}&lot=x`, 'recall_coordinator')).status).toBe(400);
    expect(
      (await getCsv('lot=urn:epc:class:lgtin:0614141.012345.NOPE', 'recall_coordinator')).status,
    ).toBe(404);
  });

  it('quotes cells per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(12n)).toBe('12');
  });
});
