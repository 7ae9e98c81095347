/**
 * Groups the time-ordered event stream into capture documents, one buffer per MSP, because a
 * document is one transaction by one organisation. Buffering reorders events across MSPs, which
 * is safe except where one organisation's event depends on another's: a receipt needs the
 * shipment on the ledger first, so adding a receipt flushes the shipper's buffer if the shipping
 * event is still in it. Steps that refer to an event (emission records) wait for its document.
 */
import { isoUtc } from './epcis-time.js';
import type { SimulatedMsp } from './parties.catalog.js';
import type { EpcisDocument, EpcisEvent, SimulationStep } from './simulation.types.js';

/** The JSON-LD context of every generated document (the standard EPCIS 2.0 context only). */
export const EPCIS_CONTEXT = ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'] as const;

interface Buffer {
  events: EpcisEvent[];
  lastTime: number;
  /** Keys of shipments whose shipping event sits in this buffer. */
  shipments: Set<string>;
  /** Steps to release right after this buffer's document. */
  after: SimulationStep[];
}

/** How an added event relates to other organisations' events. */
export interface BatchLinks {
  /** This event ships; receipts will name this key. */
  shipmentKey?: string;
  /** This event receives the shipment with this key, sent by that MSP. */
  receives?: { msp: SimulatedMsp; shipmentKey: string };
}

/** Collects events per MSP and emits capture steps (and the steps waiting on them) to `out`. */
export class DocumentBatcher {
  private readonly buffers = new Map<SimulatedMsp, Buffer>();
  private documentCount = 0;

  constructor(
    private readonly eventsPerDocument: number,
    private readonly out: (step: SimulationStep) => void,
  ) {}

  /** Capture documents emitted so far. */
  get documents(): number {
    return this.documentCount;
  }

  /** Adds one event for an MSP, flushing whatever must reach the ledger first. */
  add(msp: SimulatedMsp, event: EpcisEvent, time: number, links?: BatchLinks): void {
    if (links?.receives) {
      const shipper = this.buffers.get(links.receives.msp);
      if (shipper?.shipments.has(links.receives.shipmentKey)) this.flush(links.receives.msp);
    }
    const buffer = this.bufferOf(msp);
    buffer.events.push(event);
    buffer.lastTime = time;
    if (links?.shipmentKey !== undefined) buffer.shipments.add(links.shipmentKey);
    if (buffer.events.length >= this.eventsPerDocument) this.flush(msp);
  }

  /** Queues a step to follow the document that will hold the MSP's latest event. */
  afterLatest(msp: SimulatedMsp, step: SimulationStep): void {
    const buffer = this.bufferOf(msp);
    // The latest event may already have left in a full document; then the step can go now.
    if (buffer.events.length === 0) this.out(step);
    else buffer.after.push(step);
  }

  /** Emits the MSP's pending events as one document, then the steps waiting on it. */
  flush(msp: SimulatedMsp): void {
    const buffer = this.buffers.get(msp);
    if (!buffer || buffer.events.length === 0) return;
    const creationDate = isoUtc(buffer.lastTime);
    const document: EpcisDocument = {
      '@context': [...EPCIS_CONTEXT],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate,
      epcisBody: { eventList: buffer.events },
    };
    const after = buffer.after;
    this.buffers.set(msp, {
      events: [],
      lastTime: buffer.lastTime,
      shipments: new Set(),
      after: [],
    });
    this.documentCount++;
    this.out({ kind: 'capture', msp, at: creationDate, document });
    for (const step of after) this.out(step);
  }

  /** Flushes every MSP, in a fixed order (dependencies were already flushed when they arose). */
  flushAll(): void {
    for (const msp of [...this.buffers.keys()].sort()) this.flush(msp);
  }

  private bufferOf(msp: SimulatedMsp): Buffer {
    let buffer = this.buffers.get(msp);
    if (!buffer) {
      buffer = { events: [], lastTime: 0, shipments: new Set(), after: [] };
      this.buffers.set(msp, buffer);
    }
    return buffer;
  }
}
