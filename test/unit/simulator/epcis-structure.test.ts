import { describe, expect, it } from 'vitest';
import { hasValidCheckDigit } from '../../../src/simulator/gs1-identifiers.js';
import { generateSupplyChain } from '../../../src/simulator/index.js';
import { epcisDocumentProblems, gtinOfEpc } from './epcis-structure.js';

describe('generated documents are well-formed EPCIS 2.0 capture documents', () => {
  const sim = generateSupplyChain({
    seed: 'structure',
    targetEvents: 8_000,
    eventsPerDocument: 60,
    excursionRate: 0.3,
  });
  const steps = [...sim.steps()];
  const documents = steps.flatMap((s) => (s.kind === 'capture' ? [s.document] : []));
  const events = documents.flatMap((d) => d.epcisBody.eventList);

  it('passes the structural check (header, mandatory fields, CBV, URNs)', () => {
    const problems = documents.flatMap((d, i) =>
      epcisDocumentProblems(d, 60).map((p) => `document ${i}: ${p}`),
    );
    expect(problems.slice(0, 10)).toEqual([]);
    expect(documents.length).toBeGreaterThan(100);
  });

  it('survives a JSON round trip unchanged (plain JSON values only)', () => {
    for (const document of documents.slice(0, 50))
      expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('uses only registered GTINs, each with a valid check digit', () => {
    const registered = new Set(sim.masterData.products.map((p) => p.gtin));
    for (const gtin of registered) expect(hasValidCheckDigit(gtin), gtin).toBe(true);
    const used = new Set<string>();
    for (const e of events) {
      for (const epc of (e.epcList as string[] | undefined) ?? [])
        if (epc.includes(':sgtin:')) used.add(gtinOfEpc(epc)!);
      for (const key of ['quantityList', 'inputQuantityList', 'outputQuantityList'] as const) {
        for (const q of (e[key] as { epcClass: string }[] | undefined) ?? [])
          used.add(gtinOfEpc(q.epcClass)!);
      }
    }
    expect(used.size).toBeGreaterThan(5);
    for (const gtin of used) expect(registered.has(gtin), gtin).toBe(true);
  });

  it('gives every event a unique eventID', () => {
    expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
  });

  it('covers every event type and step of the story', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['ObjectEvent', 'AggregationEvent', 'TransformationEvent']),
    );
    expect(new Set(events.map((e) => e.bizStep))).toEqual(
      new Set(['commissioning', 'packing', 'shipping', 'receiving', 'unpacking', 'dispensing']),
    );
  });

  it('carries temperature readings on receipts, flagging exactly the out-of-range ones, at about the configured rate', () => {
    const receipts = events.filter((e) => e.bizStep === 'receiving');
    const reports = (e: (typeof receipts)[number]): { value: number; exception?: string }[] =>
      (e.sensorElementList as { sensorReport: { value: number; exception?: string }[] }[]).flatMap(
        (s) => s.sensorReport,
      );
    expect(receipts.every((e) => reports(e).length >= 2)).toBe(true);
    // Cold chain 2–8 °C, ambient 15–25 °C: an in-range reading is inside one of them.
    const inRange = (v: number): boolean => (v >= 2 && v <= 8) || (v >= 15 && v <= 25);
    for (const report of receipts.flatMap(reports))
      expect(report.exception === 'ALARM_CONDITION').toBe(!inRange(report.value));
    const flagged = receipts.filter((e) =>
      reports(e).some((r) => r.exception === 'ALARM_CONDITION'),
    );
    expect(flagged.length / receipts.length).toBeGreaterThan(0.2);
    expect(flagged.length / receipts.length).toBeLessThan(0.4);
  });
});
