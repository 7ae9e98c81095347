/**
 * The baseline the recall benchmark compares against: the recall affected set computed the way
 * the EPCIS 2.0 query interface forces a client to, one query per hop. For each frontier
 * identifier it asks for the events that name it (MATCH_anyEPC / MATCH_anyEPCClass, LE_eventTime),
 * for a lot also the commissioning events carrying its lot number (EQ_ILMD_lotNumber), for a
 * candidate container its unpack-all events (MATCH_parentID, EQ_action=DELETE), and for a split
 * transformation its other events (EQ_transformationID); it follows inputs → outputs, lots →
 * serials and children → parents, and repeats; the lot of serials a transformation made is listed,
 * not followed. Each emulated query is one SQL round trip over the
 * mirror's event tables, which is what an EPCIS repository would run; lineage_edge is not used.
 *
 * It returns the same set as the API's recursive CTE (every affected identifier except
 * transformation-ID junctions), containment judged at `asOf` the way the indexer closes
 * aggregation edges (a DELETE naming the child, a DELETE emptying the parent, or the child packed
 * elsewhere, in ledger order).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { lotClassOf } from '../../chaincode/src/epcis/gs1-keys.js';
import type { Database } from '../../src/db/database.js';

/** One event as an EPCIS query answer gives it: type, action, time, and its identifiers by role. */
interface QueriedEvent {
  event_id: string;
  event_type: string;
  action: string | null;
  event_time: Date;
  /** Ledger position (block, tx, record): the order in which events were recorded. */
  position: [string, number, number];
  transformation_id: string | null;
  ilmd: Record<string, unknown> | null;
  ids: { role: string; identifier: string; is_class: boolean }[];
}

/** The answer: the affected identifiers and how many queries it took. */
export interface HopByHopResult {
  affected: Set<string>;
  queries: number;
  hops: number;
}

type Filter = RawBuilder<boolean>;

/** Runs one emulated EPCIS event query: events matching `where`, not declared erroneous, up to asOf. */
async function queryEvents(
  db: Kysely<Database>,
  where: Filter,
  asOf: Date,
): Promise<QueriedEvent[]> {
  const result = await sql<Omit<QueriedEvent, 'position'> & { position: string[] }>`
    SELECT ev.event_id, ev.event_type, ev.action, ev.event_time, ev.transformation_id, ev.ilmd,
      ARRAY[ev.block_number::text, ev.tx_index::text, ev.record_index::text] AS position,
      COALESCE((SELECT json_agg(json_build_object('role', i.role, 'identifier', i.identifier, 'is_class', i.is_class))
                FROM event_identifiers i WHERE i.event_id = ev.event_id AND i.role <> 'contained'), '[]') AS ids
    FROM events ev WHERE NOT ev.retracted AND ev.event_time <= ${asOf} AND ${where}`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    position: [r.position[0] ?? '0', Number(r.position[1]), Number(r.position[2])],
  }));
}

const named = (e: QueriedEvent, role: string): string[] =>
  e.ids.filter((i) => i.role === role).map((i) => i.identifier);
const before = (a: QueriedEvent, b: QueriedEvent): boolean => {
  const [ab, at, ar] = a.position;
  const [bb, bt, br] = b.position;
  const blocks = BigInt(ab) - BigInt(bb);
  return blocks !== 0n ? blocks < 0n : at !== bt ? at < bt : ar < br;
};
const lotNumberOf = (ilmd: Record<string, unknown> | null): string | undefined => {
  for (const [key, value] of Object.entries(ilmd ?? {}))
    if (key.split(/[:#/]/).pop() === 'lotNumber') return String(value);
  return undefined;
};

/**
 * The recall affected set of `roots` (lot class URNs) at `asOf`, hop by hop.
 */
export async function recallHopByHop(
  db: Kysely<Database>,
  roots: readonly string[],
  asOf: Date,
): Promise<HopByHopResult> {
  let queries = 0;
  const ask = (where: Filter): Promise<QueriedEvent[]> => {
    queries++;
    return queryEvents(db, where, asOf);
  };
  const affected = new Set(roots);
  // Lots of serials made from affected inputs: listed, not walked (see recall-affected.queries.ts).
  const madeLots = new Set<string>();
  const made = (e: QueriedEvent, outputs: string[]): void => {
    const lot = lotNumberOf(e.ilmd);
    if (lot === undefined) return;
    for (const output of outputs) {
      // The contract's own rule (lot numbers escaped as TDS requires).
      const lotClass = lotClassOf(output, lot);
      if (lotClass !== undefined) madeLots.add(lotClass);
    }
  };
  let frontier = [...roots];
  let hops = 0;
  while (frontier.length > 0) {
    hops++;
    const next: string[] = [];
    const reach = (id: string): void => {
      if (!affected.has(id)) {
        affected.add(id);
        next.push(id);
      }
    };
    for (const id of frontier) {
      const events = await ask(
        sql<boolean>`EXISTS (SELECT 1 FROM event_identifiers m WHERE m.event_id = ev.event_id AND m.identifier = ${id} AND m.role <> 'contained')`,
      );
      for (const e of events) {
        if (e.event_type !== 'TransformationEvent' || !named(e, 'input').includes(id)) continue;
        const outputs = named(e, 'output');
        if (outputs.length > 0) {
          outputs.forEach(reach);
          made(e, outputs);
        } else if (e.transformation_id !== null) {
          const tid = e.transformation_id;
          for (const other of await ask(sql<boolean>`ev.transformation_id = ${tid}`)) {
            named(other, 'output').forEach(reach);
            made(other, named(other, 'output'));
          }
        }
      }
      for (const parent of await currentParents(id, events, ask)) reach(parent);
      if (id.startsWith('urn:epc:class:lgtin:'))
        for (const serial of await serialsOf(id, ask)) reach(serial);
    }
    frontier = next;
  }
  for (const lot of madeLots) affected.add(lot);
  return { affected, queries, hops };
}

/** Serials commissioned into lot `lotClass` (ilmd lotNumber, the lot's GTIN pattern). */
async function serialsOf(
  lotClass: string,
  ask: (where: Filter) => Promise<QueriedEvent[]>,
): Promise<string[]> {
  const [company, item] = lotClass.slice('urn:epc:class:lgtin:'.length).split('.');
  if (company === undefined || item === undefined) return [];
  const pattern = `urn:epc:id:sgtin:${company}.${item}.%`;
  const events =
    await ask(sql<boolean>`ev.ilmd IS NOT NULL AND (ev.event_type = 'TransformationEvent' OR ev.action = 'ADD')
    AND EXISTS (SELECT 1 FROM event_identifiers m WHERE m.event_id = ev.event_id AND m.role IN ('epc', 'output') AND m.identifier LIKE ${pattern})`);
  const serials: string[] = [];
  for (const e of events) {
    const lot = lotNumberOf(e.ilmd);
    if (lot === undefined) continue;
    const role = e.event_type === 'TransformationEvent' ? 'output' : 'epc';
    // The contract's rule: the serial's lot class from its lot number, escaped as TDS requires.
    serials.push(...named(e, role).filter((id) => lotClassOf(id, lot) === lotClass));
  }
  return serials;
}

/** Parents holding `child` at asOf, judged from its aggregation events and its parents' unpack-all events. */
async function currentParents(
  child: string,
  events: QueriedEvent[],
  ask: (where: Filter) => Promise<QueriedEvent[]>,
): Promise<string[]> {
  const isClass = child.startsWith('urn:epc:class:');
  const aggregations = events.filter(
    (e) => e.event_type === 'AggregationEvent' && named(e, 'child').includes(child),
  );
  const parents: string[] = [];
  for (const add of aggregations.filter((e) => e.action === 'ADD')) {
    const parent = named(add, 'parent')[0];
    if (parent === undefined) continue;
    // Instances move: packing the child anywhere later ends this containment; a class can sit in many parents.
    const closedByChild = aggregations.some(
      (e) =>
        before(add, e) &&
        ((e.action === 'DELETE' && named(e, 'parent').includes(parent)) ||
          (!isClass && e.action === 'ADD')),
    );
    if (closedByChild) continue;
    const emptied =
      await ask(sql<boolean>`ev.event_type = 'AggregationEvent' AND ev.action = 'DELETE' AND ev.parent_id = ${parent}
      AND NOT EXISTS (SELECT 1 FROM event_identifiers m WHERE m.event_id = ev.event_id AND m.role = 'child')`);
    if (!emptied.some((e) => before(add, e))) parents.push(parent);
  }
  return parents;
}
