import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/fresh-database.js';

/**
 * identifier_current_state takes custody from the member of an object's parent chain (itself and
 * up to four containers) whose last event is the latest, the outer one on a tie — the contract's
 * rule (chaincode/src/domain/containment.ts). Every chain of 1 to 5 members with every pattern of
 * two distinct event times is written to real PostgreSQL and the view's choice compared with the
 * rule computed here.
 */
const HOPS = 4;
const T = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z')];

/** The rule: index into `times` (0 = the object itself) of the member that supplies custody. */
function expectedWinner(times: number[]): number {
  let best = 0;
  for (let level = 1; level < times.length; level++) {
    if (times[level]! >= times[best]!) best = level;
  }
  return best;
}

interface Chain {
  members: string[];
  times: number[];
}

function allChains(): Chain[] {
  const chains: Chain[] = [];
  for (let length = 1; length <= HOPS + 1; length++) {
    for (let pattern = 0; pattern < 1 << length; pattern++) {
      const times = Array.from({ length }, (_, i) => (pattern >> i) & 1);
      const members = times.map((_, i) => `urn:test:chain-${length}-${pattern}:level-${i}`);
      chains.push({ members, times });
    }
  }
  return chains;
}

describe('identifier_current_state on real PostgreSQL', () => {
  let test: TestDatabase | undefined;
  const chains = allChains();

  beforeAll(async () => {
    test = await freshDatabase('current_state');
    const rows = chains.flatMap(({ members, times }) =>
      members.map((epc, level) => ({
        epc,
        parent: members[level + 1] ?? null,
        at: T[times[level]!]!,
      })),
    );
    for (const r of rows) {
      await sql`INSERT INTO identifier_state (epc, scheme, parent, owner_msp, location, unverified_origin,
          last_event_id, last_event_time, tx_id, block_number, tx_index)
        VALUES (${r.epc}, 'test', ${r.parent}, ${`owner of ${r.epc}`}, ${`location of ${r.epc}`}, false,
          ${`event of ${r.epc}`}, ${r.at}, ${`tx of ${r.epc}`}, 1, 0)`.execute(test.db);
    }
  });
  afterAll(async () => {
    await test?.db.destroy();
  });

  it(`takes custody from the latest member of the chain, the outer one on a tie (${chains.length} chains)`, async () => {
    const result = await sql<{
      epc: string;
      custody_from: string;
      owner_msp: string;
      location: string;
      last_event_id: string;
    }>`
      SELECT epc, custody_from, owner_msp, location, last_event_id FROM identifier_current_state`.execute(
      test!.db,
    );
    const byEpc = new Map(result.rows.map((r) => [r.epc, r]));
    let checked = 0;
    for (const { members, times } of chains) {
      // Every member of a chain is itself the start of a shorter chain.
      for (let start = 0; start < members.length; start++) {
        const from = members[start + expectedWinner(times.slice(start))]!;
        const row = byEpc.get(members[start]!);
        expect(row, members[start]).toBeDefined();
        expect({ epc: row!.epc, custody_from: row!.custody_from }).toEqual({
          epc: members[start],
          custody_from: from,
        });
        expect(row!.owner_msp).toBe(`owner of ${from}`);
        expect(row!.location).toBe(`location of ${from}`);
        expect(row!.last_event_id).toBe(`event of ${from}`);
        checked++;
      }
    }
    expect(checked).toBe(result.rows.length);
  });

  it('follows at most four containers, as the contract does', async () => {
    // A fifth container's later event does not reach the object.
    const chain = [
      'urn:test:deep:0',
      'urn:test:deep:1',
      'urn:test:deep:2',
      'urn:test:deep:3',
      'urn:test:deep:4',
      'urn:test:deep:5',
    ];
    for (const [level, epc] of chain.entries()) {
      await sql`INSERT INTO identifier_state (epc, scheme, parent, unverified_origin, last_event_id, last_event_time, tx_id, block_number, tx_index)
        VALUES (${epc}, 'test', ${chain[level + 1] ?? null}, false, ${`event ${level}`}, ${level === 5 ? T[1]! : T[0]!}, 'tx', 1, 0)`.execute(
        test!.db,
      );
    }
    const row = await sql<{ custody_from: string }>`
      SELECT custody_from FROM identifier_current_state WHERE epc = ${chain[0]}`.execute(test!.db);
    expect(row.rows[0]?.custody_from).toBe('urn:test:deep:4');
  });
  it("container_custody gives every unit in a container its view row: own when later, else the container's", async () => {
    // Runs after the tests above, so every chain shape of 2 to 6 members is in the table.
    const result = await sql<{
      epc: string;
      expected_from: string;
      expected_owner: string;
      view_from: string;
      view_owner: string;
    }>`
      SELECT s.epc,
        CASE WHEN s.last_event_time > c.last_event_time THEN s.epc ELSE c.custody_from END AS expected_from,
        CASE WHEN s.last_event_time > c.last_event_time THEN s.owner_msp ELSE c.owner_msp END AS expected_owner,
        v.custody_from AS view_from, v.owner_msp AS view_owner
      FROM identifier_state s
      JOIN container_custody c ON c.epc = s.parent
      JOIN identifier_current_state v ON v.epc = s.epc`.execute(test!.db);
    const withParent = chains.reduce((n, c) => n + c.members.length - 1, 0) + 5;
    expect(result.rows).toHaveLength(withParent);
    const differing = result.rows.filter(
      (r) => r.expected_from !== r.view_from || r.expected_owner !== r.view_owner,
    );
    expect(differing).toEqual([]);
  });
});
