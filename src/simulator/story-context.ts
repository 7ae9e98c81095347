/**
 * The state one run shares across its processes: scheduler, batcher, PRNG, counters that number
 * identifiers, and the accounting that steers the run to its target event count.
 */
import { DocumentBatcher, type BatchLinks } from './document-batcher.js';
import type { EventStamp } from './epcis-event.builder.js';
import { formatEventTime, isoUtc } from './epcis-time.js';
import { legCo2eKg, round, type GlecFactorTable, type LegRoute } from './glec-factors.js';
import { giaiUrn, scrambledSerial, ssccUrn } from './gs1-identifiers.js';
import type { IngredientDraw, IngredientLot } from './ingredient-stock.js';
import { IngredientStock } from './ingredient-stock.js';
import type { LotPlan } from './lot-plan.js';
import type { DrugRuntime, SiteRuntime, World } from './master-data.builder.js';
import { siteOf } from './master-data.builder.js';
import { organizationOf, type SimulatedMsp } from './parties.catalog.js';
import { ProcessScheduler, type ProcessOwner } from './process-scheduler.js';
import { hashSeed, type Prng } from './prng.js';
import { SummaryCollector } from './simulation-summary.js';
import type { DrugLotInfo, EpcisEvent, SimulationStep } from './simulation.types.js';

/** Options after defaults and checks. */
export interface ResolvedOptions {
  seed: number | string;
  targetEvents: number;
  eventsPerDocument: number;
  excursionRate: number;
  recallCount: number;
  startTimeMs: number;
}

/** One drug lot in flight: its plan, identifier ranges and event accounting. */
export interface LotRun extends ProcessOwner {
  index: number;
  drug: DrugRuntime;
  plan: LotPlan;
  lotNumber: string;
  lotClass: string;
  expiry: string;
  serialBase: number;
  caseBase: number;
  palletBase: number;
  toteBase: number;
  draws: IngredientDraw[];
  newLots: IngredientLot[];
  /** Events the lot will emit unless a recall cuts it short. */
  planned: number;
  emitted: number;
  recall: boolean;
  info: DrugLotInfo;
}

/** Run-wide state and the helpers every process uses. */
export class StoryContext {
  readonly scheduler = new ProcessScheduler();
  readonly summary = new SummaryCollector();
  readonly stock: IngredientStock;
  readonly batcher: DocumentBatcher;
  /** Steps ready for the consumer, drained after every scheduler step. */
  readonly out: SimulationStep[] = [];
  /** Events emitted so far, and events planned by lots in flight but not yet emitted. */
  emitted = 0;
  inflight = 0;
  lotCount = 0;
  recallsDesignated = 0;
  recallsPending = 0;
  private readonly ssccCounters = new Map<string, number>();
  private readonly serialCounters = new Map<string, number>();
  private readonly serialKeys = new Map<string, number>();
  private transactionCounter = 0;

  constructor(
    readonly world: World,
    readonly options: ResolvedOptions,
    readonly factors: GlecFactorTable,
    readonly prng: Prng,
    stockPrng: Prng,
  ) {
    this.stock = new IngredientStock(stockPrng);
    this.batcher = new DocumentBatcher(options.eventsPerDocument, (step) => this.out.push(step));
  }

  /** The runtime of a site. */
  site(key: string): SiteRuntime {
    return siteOf(this.world, key);
  }

  /** A fresh eventID and the local time of an event at a site. */
  stamp(site: SiteRuntime, time: number): EventStamp {
    return {
      eventID: this.prng.uuidUrn(),
      eventTime: formatEventTime(time, site.offsetMinutes, site.offset),
      site,
    };
  }

  /** Emits one event of a lot by an MSP: counts it and hands it to the batcher. */
  emit(lot: LotRun, msp: SimulatedMsp, event: EpcisEvent, time: number, links?: BatchLinks): void {
    lot.emitted++;
    this.emitted++;
    this.inflight--;
    this.summary.recordEvent(msp, event, time);
    this.batcher.add(msp, event, time, links);
  }

  /** Queues the GLEC emission record of a shipping event after the document that carries it. */
  emission(
    msp: SimulatedMsp,
    eventId: string,
    route: LegRoute,
    massKg: number,
    time: number,
  ): void {
    const mass = round(massKg, 3);
    this.summary.emissions++;
    this.summary.co2eKg += legCo2eKg(mass, route.distanceKm, route.factor.value);
    this.batcher.afterLatest(msp, {
      kind: 'emission',
      msp,
      at: isoUtc(time),
      emission: {
        emissionId: this.prng.uuidUrn(),
        eventId,
        mode: route.mode,
        distanceKm: route.distanceKm,
        massKg: mass,
        factorId: route.factor.id,
        factorValue: route.factor.value,
        factorSource: route.factor.source,
        factorVersion: route.factor.version,
        scope: route.factor.scope,
      },
    });
  }

  /** Reserves `count` consecutive SSCC serials of an MSP's first company prefix. */
  reserveSsccs(msp: SimulatedMsp, count: number): number {
    const prefix = organizationOf(msp).companyPrefixes[0] ?? '';
    const base = this.ssccCounters.get(prefix) ?? 1;
    this.ssccCounters.set(prefix, base + count);
    return base;
  }

  /** The SSCC URN of serial `n` of an MSP's prefix. */
  sscc(msp: SimulatedMsp, n: number): string {
    return ssccUrn(organizationOf(msp).companyPrefixes[0] ?? '', n);
  }

  /** Reserves `count` consecutive serial counters of a GTIN. */
  reserveSerials(gtin: string, count: number): number {
    const base = this.serialCounters.get(gtin) ?? 0;
    this.serialCounters.set(gtin, base + count);
    return base;
  }

  /** The SGTIN URN of unit `i` of a lot. */
  sgtin(lot: LotRun, i: number): string {
    let key = this.serialKeys.get(lot.drug.gtin);
    if (key === undefined) {
      key = hashSeed(`${String(this.options.seed)}/${lot.drug.gtin}`);
      this.serialKeys.set(lot.drug.gtin, key);
    }
    return lot.drug.sgtinPrefix + scrambledSerial(lot.serialBase + i, key);
  }

  /** SGTIN URNs of units [start, end) of a lot. */
  sgtins(lot: LotRun, start: number, end: number): string[] {
    const list: string[] = [];
    for (let i = start; i < end; i++) list.push(this.sgtin(lot, i));
    return list;
  }

  /** A purchase order (by the buyer) and despatch advice (by the seller) for one shipment. */
  tradeDocuments(buyer: SiteRuntime, seller: SiteRuntime): { po: string; desadv: string } {
    const n = ++this.transactionCounter;
    return {
      po: `urn:epcglobal:cbv:bt:${buyer.gln}:PO${String(4500000000 + n)}`,
      desadv: `urn:epcglobal:cbv:bt:${seller.gln}:DA${String(8000000000 + n)}`,
    };
  }

  /** A temperature logger of the shipping organisation (a pool of 500 per organisation). */
  loggerId(msp: SimulatedMsp): string {
    const prefix = organizationOf(msp).companyPrefixes[0] ?? '';
    return giaiUrn(prefix, `7${String(this.prng.int(500)).padStart(5, '0')}`);
  }
}
