/**
 * Cradle-to-gate roll-up of one lot (pure arithmetic over what footprint.queries.ts read).
 *
 * a(X), the quantity of node X attributed to the lot, starts at the lot's produced quantity; for
 * each transformation producing X, an input I gets a(I) = a(X) × used(I) × share / produced(X)
 * (share: X's part of the transformation's outputs). A serialised input counts 1 and rolls up
 * through its lot. A lot made as serialised outputs is produced by the runs that made its serials,
 * its share of a run being its part of the serials made (FootprintIndex.asLots). Each node contributes a(X) × its PACT footprint per declared unit: for a lot
 * made on the ledger that footprint is read as its producer's own process (its inputs are rolled
 * up from the ledger), for a lot with no recorded inputs as its cradle-to-gate PCF. The asked
 * lot's footprint, and that of intermediates its own producer made, is own production (no scope 3
 * category); everything else is purchased goods (scope 3 category 1). Shipping legs are allocated by mass share: emission × mass of the
 * goods / max(emission mass, known cargo mass). Inputs' legs up to their consumption are inbound
 * transport (category 4 for the lot's direct inputs, 1 deeper, where they are part of purchased
 * goods); the lot's own legs are downstream transport (category 9), reported beside the
 * cradle-to-gate total, not in it. What is missing is listed, never counted as zero.
 */
import type { FootprintGraph, Leg } from './footprint.queries.js';
import { FootprintIndex, outputShare, type Group } from './footprint-index.js';
import { convertQuantity, massKg } from './footprint-units.js';
import {
  newContribution,
  summarise,
  type Contribution,
  type FootprintResult,
  type InputUse,
  type MissingData,
  type Stage,
} from './footprint-result.js';

const MAX_DEPTH = 32;

/** Rolls up the footprint of `graph.lot` from its upstream graph and the legs that carried its nodes. */
export function rollUpFootprint(graph: FootprintGraph, legs: readonly Leg[]): FootprintResult {
  return new RollUp(graph, legs).run();
}

class RollUp {
  private readonly index: FootprintIndex;
  private readonly contributions: Contribution[] = [];
  private readonly inputs: InputUse[] = [];
  private readonly missing: MissingData[] = [];
  private readonly root: string;
  private rootOrg: string | null;

  constructor(
    private readonly graph: FootprintGraph,
    private readonly legs: readonly Leg[],
  ) {
    this.root = graph.lot.lot_class;
    this.index = new FootprintIndex(graph);
    this.rootOrg = this.index.groupsOf(this.root)[0]?.org ?? graph.lot.owner_msp;
  }

  run(): FootprintResult {
    const produced = this.index.produced(this.root);
    if (produced > 0) this.rollUp(this.root, produced, 0, new Set());
    else
      this.flag(
        'QUANTITY_UNKNOWN',
        this.root,
        'INPUTS',
        null,
        'the lot has no produced quantity or serial count on the ledger',
      );
    this.downstream();
    return summarise(this.graph.lot, produced, this.contributions, this.inputs, this.missing);
  }

  private rollUp(subject: string, amount: number, depth: number, path: Set<string>): void {
    if (path.has(subject) || depth > MAX_DEPTH) return;
    const here = new Set(path).add(subject);
    const groups = this.index.groupsOf(subject);
    const lotOfUnit = this.index.lotOfInstance(subject);
    if (groups.length === 0 && lotOfUnit !== null) {
      // A serialised unit made off the ledger's transformations carries its lot's footprint.
      const inLot = convertQuantity(
        amount,
        null,
        this.index.uomOf(lotOfUnit),
        this.index.massOf(subject),
      );
      if (inLot === null)
        this.flag(
          'UNIT_MISMATCH',
          subject,
          'INPUTS',
          null,
          `cannot express one unit of ${subject} in the unit of lot ${lotOfUnit}`,
        );
      else this.rollUp(lotOfUnit, inLot, depth, here);
      return;
    }
    const made = groups.length > 0;
    // The lot's own footprint, and intermediates its producer made, are own production; the rest
    // was bought in.
    const own = subject === this.root || (made && groups[0]?.org === this.rootOrg);
    const stage: Stage = own ? 'OWN_PRODUCTION' : 'INPUTS';
    this.declared(subject, amount, stage, made);
    if (!made) return;
    const produced = this.index.produced(subject);
    if (produced <= 0) {
      this.flag(
        'QUANTITY_UNKNOWN',
        subject,
        stage,
        groups[0]?.eventId ?? null,
        `${subject} has no produced quantity: its inputs cannot be attributed`,
      );
      return;
    }
    for (const g of groups) {
      const share = outputShare(g, subject);
      for (const [input, use] of g.inputs) {
        if (use.isClass && use.quantity === null) {
          this.flag(
            'QUANTITY_UNKNOWN',
            input,
            'INPUTS',
            g.eventId,
            `the transformation gives no quantity of ${input} used`,
          );
          continue;
        }
        // In the input's own unit, which its footprint and transport are reckoned in: the event
        // may count what it consumed in another (kilograms of a lot counted in drums).
        const inputUom = this.index.uomOf(input);
        const used = use.isClass
          ? convertQuantity(use.quantity ?? 0, use.uom, inputUom, this.index.massOf(input))
          : 1;
        if (used === null) {
          this.flag(
            'UNIT_MISMATCH',
            input,
            'INPUTS',
            g.eventId,
            `the transformation uses ${use.quantity ?? 0} ${use.uom ?? 'units'} of ${input}, which is counted in ${inputUom ?? 'units'} (no unit mass to convert with)`,
          );
          continue;
        }
        const attributed = (amount * used * share) / produced;
        const before = this.contributions.length;
        this.transportIn(input, attributed, use.isClass, g, depth + 1);
        this.rollUp(input, attributed, depth + 1, here);
        this.inputs.push({
          input,
          into: subject,
          depth: depth + 1,
          quantity: attributed,
          uom: use.isClass ? inputUom : null,
          eventId: g.eventId,
          txId: g.txId,
          blockNumber: g.blockNumber,
          kgCo2e: this.contributions.slice(before).reduce((sum, c) => sum + c.kgCo2e, 0),
        });
      }
    }
  }

  /** The node's own PACT footprint × the attributed quantity, or a missing-data flag. */
  private declared(subject: string, amount: number, stage: Stage, made: boolean): void {
    const footprint = this.index.footprintOf(subject);
    if (footprint === undefined) {
      const what = made ? 'own production footprint' : 'footprint';
      this.flag(
        'LOT_WITHOUT_FOOTPRINT',
        subject,
        stage,
        null,
        `no PACT ${what} for ${subject} or its GTIN (${amount} ${this.index.uomOf(subject) ?? 'units'} attributed)`,
      );
      return;
    }
    const quantity = convertQuantity(
      amount,
      this.index.uomOf(subject),
      footprint.declared_unit_of_measurement,
      this.index.massOf(subject),
    );
    if (quantity === null) {
      this.flag(
        'UNIT_MISMATCH',
        subject,
        stage,
        null,
        `footprint ${footprint.footprint_id} is per ${footprint.declared_unit_of_measurement}; ${subject} is counted in ${this.index.uomOf(subject) ?? 'units'}`,
      );
      return;
    }
    this.contributions.push({
      ...newContribution(
        stage,
        stage === 'OWN_PRODUCTION' ? null : 1,
        footprint.submitted_by_msp,
        subject,
        amount,
        this.index.uomOf(subject),
      ),
      kgCo2e: quantity * footprint.co2e_per_unit_kg,
      source: 'PACT',
      footprintId: footprint.footprint_id,
      specVersion: footprint.spec_version,
      declaredUnit: footprint.declared_unit_of_measurement,
      convertedFromV2: footprint.converted_from_v2,
      txId: footprint.tx_id,
      blockNumber: BigInt(footprint.block_number),
    });
  }

  /** Legs that brought input `input` to the transformation's organisation before it was consumed. */
  private transportIn(
    input: string,
    attributed: number,
    isClass: boolean,
    g: Group,
    depth: number,
  ): void {
    const legs = this.legs
      .filter((l) => l.subjects.includes(input) && l.event_time <= g.time)
      .filter(
        (l) =>
          !isClass || l.receipts.some((r) => r.identifier === input && r.received_by_msp === g.org),
      );
    if (legs.length === 0) {
      // Bought in, yet no leg found (shipped as serials, say, and consumed by class): its inbound
      // transport is unknown, which is not zero.
      const producer = this.index.producerOf(input);
      if (producer !== null && producer !== g.org) {
        this.flag(
          'TRANSPORT_UNKNOWN',
          input,
          'INBOUND_TRANSPORT',
          g.eventId,
          `no shipping leg that brought ${input} (made by ${producer}) to ${g.org} was found`,
        );
      }
      return;
    }
    const carried = legs.map((l) => this.index.cargoMass(l, (c) => c.identifier === input));
    let scale = attributed;
    if (isClass) {
      // The legs delivered some mass of the lot; the transformation used part of it.
      const delivered = carried.reduce<number>((sum, kg) => sum + (kg ?? 0), 0);
      const usedKg = massKg(attributed, this.index.uomOf(input), this.index.massOf(input));
      if (usedKg === null || delivered <= 0) {
        this.flag(
          'MASS_UNKNOWN',
          input,
          'INBOUND_TRANSPORT',
          g.eventId,
          `the mass of ${input} used or delivered is unknown`,
        );
        return;
      }
      scale = usedKg / delivered;
    }
    const category = depth === 1 ? 4 : 1;
    legs.forEach((leg, i) =>
      this.allocate(leg, carried[i] ?? null, scale, input, 'INBOUND_TRANSPORT', category),
    );
  }

  /** The lot's own legs after production (gate onward): category 9, outside the cradle-to-gate total. */
  private downstream(): void {
    for (const leg of this.legs) {
      if (!leg.cargo.some((c) => c.lot_class === this.root)) continue;
      this.allocate(
        leg,
        this.index.cargoMass(leg, (c) => c.lot_class === this.root),
        1,
        this.root,
        'DOWNSTREAM_TRANSPORT',
        9,
      );
    }
  }

  /** Adds each emission of `leg` × (goods mass / leg mass) × scale, or flags what is missing. */
  private allocate(
    leg: Leg,
    goodsKg: number | null,
    scale: number,
    subject: string,
    stage: Stage,
    category: 1 | 4 | 9,
  ): void {
    if (leg.emissions.length === 0) {
      this.flag(
        'LEG_WITHOUT_EMISSION',
        subject,
        stage,
        leg.event_id,
        `shipping event ${leg.event_id} has no GLEC emission record`,
      );
      return;
    }
    if (goodsKg === null) {
      this.flag(
        'MASS_UNKNOWN',
        subject,
        stage,
        leg.event_id,
        `the mass of ${subject} on this leg is unknown (no unit mass for its product)`,
      );
      return;
    }
    const cargoKg = this.index.cargoMass(leg, () => true) ?? 0;
    for (const m of legEmission(leg.emissions)) {
      const share = goodsKg / Math.max(m.mass_kg, cargoKg);
      this.contributions.push({
        ...newContribution(stage, category, m.recorded_by_msp, subject, goodsKg, 'KGM'),
        kgCo2e: m.co2e_kg * share * scale,
        source: 'GLEC',
        emissionId: m.emission_id,
        legEventId: leg.event_id,
        mode: m.mode,
        distanceKm: m.distance_km,
        legMassKg: m.mass_kg,
        allocatedMassKg: goodsKg,
        factorId: m.factor_id,
        factorValue: m.factor_value,
        factorSource: m.factor_source,
        factorVersion: m.factor_version,
        scope: m.scope,
        txId: m.tx_id,
        blockNumber: BigInt(m.block_number),
      });
    }
  }

  private flag(
    kind: MissingData['kind'],
    subject: string,
    stage: Stage,
    eventId: string | null,
    detail: string,
  ): void {
    if (
      !this.missing.some((m) => m.kind === kind && m.subject === subject && m.eventId === eventId)
    ) {
      this.missing.push({ kind, subject, stage, eventId, detail });
    }
  }
}

/**
 * The one record a leg counts with: WTW (GLEC's full-scope figure) when there is one, else TTW;
 * of several in that scope (shipper and receiver both recorded the leg), the first recorded.
 * Adding them up would count the leg twice, or add a TTW figure to a WTW one.
 */
function legEmission(emissions: readonly Leg['emissions'][number][]): Leg['emissions'] {
  const scope = emissions.some((m) => m.scope === 'WTW') ? 'WTW' : 'TTW';
  const first = emissions
    .filter((m) => m.scope === scope)
    .sort(
      (a, b) =>
        Number(BigInt(a.block_number) - BigInt(b.block_number)) ||
        (a.emission_id < b.emission_id ? -1 : a.emission_id > b.emission_id ? 1 : 0),
    )[0];
  return first === undefined ? [] : [first];
}
