/**
 * Lookups over a lot's upstream graph for the footprint roll-up: transformations grouped (a
 * transformation split over events meets at its transformationID), produced quantities, units,
 * unit masses, the newest PACT footprint of a lot or GTIN, and the mass of goods on a leg.
 */
import type { FootprintFacts, FootprintGraph, Leg, LotFacts } from './footprint.queries.js';
import { massKg } from './footprint-units.js';

/** One transformation: its inputs and outputs with quantities, its time, producer and provenance. */
export interface Group {
  eventId: string;
  time: string;
  org: string;
  txId: string;
  blockNumber: bigint;
  inputs: Map<string, { quantity: number | null; uom: string | null; isClass: boolean }>;
  outputs: Map<string, { quantity: number | null; uom: string | null }>;
}

/** Indexes a FootprintGraph. */
export class FootprintIndex {
  private readonly lots = new Map<string, LotFacts>();
  private readonly instances = new Map<string, { lot: string | null; gtin: string | null }>();
  private readonly unitMass = new Map<string, number>();
  private readonly producedBy = new Map<string, Group[]>();

  constructor(private readonly graph: FootprintGraph) {
    for (const l of graph.lots) this.lots.set(l.lot_class, l);
    for (const i of graph.instances) this.instances.set(i.epc, { lot: i.lot_class, gtin: i.gtin });
    for (const m of graph.unitMass) this.unitMass.set(m.gtin, m.unit_mass_kg);
    this.buildGroups(graph);
  }

  /** Transformations that produced `subject` (empty for a lot made off the ledger's transformations). */
  groupsOf(subject: string): Group[] {
    return this.producedBy.get(subject) ?? [];
  }

  /** The lot of a serialised instance, when the mirror knows it. */
  lotOfInstance(epc: string): string | null {
    return this.instances.get(epc)?.lot ?? null;
  }

  /** A lot's facts. */
  lot(lotClass: string): LotFacts | undefined {
    return this.lots.get(lotClass);
  }

  /** The organisation that produced a lot, or the lot of an instance; null when unknown. */
  producerOf(subject: string): string | null {
    const lot = isInstance(subject) ? this.lotOfInstance(subject) : subject;
    return lot === null ? null : (this.lots.get(lot)?.owner_msp ?? null);
  }

  private buildGroups(graph: FootprintGraph): void {
    const groups = new Map<string, Group>();
    for (const e of graph.edges) {
      if (e.kind !== 'transformation') continue;
      const tid = e.transformation_id;
      const junction = tid !== null && (e.to_id === tid || e.from_id === tid);
      const key = junction ? `tid:${tid}` : `event:${e.event_id}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = {
          eventId: e.event_id,
          time: e.event_time,
          org: e.captured_by_msp,
          txId: e.tx_id,
          blockNumber: BigInt(e.block_number),
          inputs: new Map(),
          outputs: new Map(),
        };
        groups.set(key, g);
      }
      if (e.event_time > g.time) g.time = e.event_time;
      if (!junction || e.to_id === tid)
        g.inputs.set(e.from_id, {
          quantity: num(e.from_quantity),
          uom: e.from_uom,
          isClass: !isInstance(e.from_id),
        });
      if (!junction || e.from_id === tid) {
        g.outputs.set(e.to_id, { quantity: num(e.to_quantity), uom: e.to_uom });
        // The organisation that made the output is the producer (the junction's output side).
        g.org = e.captured_by_msp;
      }
    }
    for (const g of groups.values()) {
      for (const out of g.outputs.keys()) this.addProducer(out, g);
      const asLots = this.asLots(g);
      if (asLots !== undefined)
        for (const [lot] of asLots.outputs) if (!g.outputs.has(lot)) this.addProducer(lot, asLots);
    }
  }

  private addProducer(subject: string, g: Group): void {
    this.producedBy.set(subject, [...(this.producedBy.get(subject) ?? []), g]);
  }

  /**
   * A run that made serials (outputEPCList) as seen by their lots: the serials of each lot counted
   * as one output of that many pieces, so that a lot made as serialised outputs has its runs as
   * producers and its share of a run is its part of the serials made. Undefined when the run made
   * no serial of a known lot. A lot the event also names by quantity keeps that output instead.
   */
  private asLots(g: Group): Group | undefined {
    const outputs = new Map<string, { quantity: number | null; uom: string | null }>();
    let serials = 0;
    for (const [out, quantity] of g.outputs) {
      const lot = isInstance(out) ? this.lotOfInstance(out) : null;
      if (lot === null || g.outputs.has(lot)) outputs.set(out, quantity);
      else {
        outputs.set(lot, { quantity: (outputs.get(lot)?.quantity ?? 0) + 1, uom: null });
        serials += 1;
      }
    }
    return serials === 0 ? undefined : { ...g, outputs };
  }

  /** Known mass (kg) of the cargo items matching `pick`; null when some matching item's mass is unknown. */
  cargoMass(leg: Leg, pick: (c: Leg['cargo'][number]) => boolean): number | null {
    let total = 0;
    let unknown = false;
    for (const c of leg.cargo.filter((item) => item.lot_class !== null && pick(item))) {
      const unit = c.gtin === null ? null : (this.unitMass.get(c.gtin) ?? null);
      const kg = c.is_class ? (c.quantity === null ? null : massKg(c.quantity, c.uom, unit)) : unit;
      if (kg === null) unknown = true;
      else total += kg;
    }
    return unknown && total === 0 ? null : total;
  }

  footprintOf(subject: string): FootprintFacts | undefined {
    const gtin = this.gtinOf(subject);
    const newest = (id: string): FootprintFacts | undefined =>
      this.graph.footprints.filter((f) => f.product_ids.includes(id)).at(-1);
    return newest(subject) ?? (gtin === null ? undefined : newest(`urn:gtin:${gtin}`));
  }

  produced(subject: string): number {
    if (isInstance(subject)) return 1;
    const lot = this.lots.get(subject);
    if (lot === undefined) return 0;
    return lot.quantity_produced > 0 ? lot.quantity_produced : (lot.serial_count ?? 0);
  }

  uomOf(subject: string): string | null {
    return isInstance(subject) ? null : (this.lots.get(subject)?.uom ?? null);
  }

  gtinOf(subject: string): string | null {
    return this.lots.get(subject)?.gtin ?? this.instances.get(subject)?.gtin ?? null;
  }

  massOf(subject: string): number | null {
    const gtin = this.gtinOf(subject);
    return gtin === null ? null : (this.unitMass.get(gtin) ?? null);
  }
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
/** True for an instance URN (a serial, case or pallet), false for a class. */
export const isInstance = (id: string): boolean => id.startsWith('urn:epc:id:');

/** The subject's part of a transformation's outputs (by quantity when all outputs have one, else equal). */
export function outputShare(g: Group, subject: string): number {
  const outs = [...g.outputs.values()];
  const mine = g.outputs.get(subject)?.quantity ?? null;
  const uoms = new Set(outs.map((o) => o.uom));
  if (mine === null || uoms.size > 1 || outs.some((o) => o.quantity === null))
    return 1 / outs.length;
  const total = outs.reduce((sum, o) => sum + (o.quantity ?? 0), 0);
  return total > 0 ? mine / total : 1 / outs.length;
}
