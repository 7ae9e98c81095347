import { describe, expect, it } from 'vitest';
import { generateSupplyChain, type SimulationStep } from '../../../src/simulator/index.js';
import { CustodyModel } from './custody-model.js';

describe('story consistency (10k events replayed through an independent custody model)', () => {
  const sim = generateSupplyChain({
    seed: 'story',
    targetEvents: 10_000,
    eventsPerDocument: 40,
    recallCount: 3,
  });
  const run = sim.run();
  const steps: SimulationStep[] = [...run.steps];
  const summary = run.summary();
  const directory = {
    mspOfParty: new Map(
      sim.masterData.organizations.flatMap((o) => o.partyIds.map((p) => [p, o.mspId] as const)),
    ),
    mspOfLocation: new Map(sim.masterData.locations.map((l) => [l.id, l.ownerMsp] as const)),
  };
  const model = new CustodyModel(directory);
  const replayErrors: string[] = [];
  for (const [i, step] of steps.entries()) {
    try {
      if (step.kind === 'capture')
        for (const event of step.document.epcisBody.eventList) model.apply(step.msp, event);
      if (step.kind === 'recall') model.recall(step.msp, step.recall.lotClasses);
    } catch (error) {
      replayErrors.push(`step ${i}: ${(error as Error).message}`);
      break;
    }
  }
  const events = steps.flatMap((s) =>
    s.kind === 'capture' ? s.document.epcisBody.eventList.map((e) => ({ msp: s.msp, e })) : [],
  );

  it('replays without breaking a custody rule: each event by the owner, each receipt by the destination', () => {
    expect(replayErrors).toEqual([]);
    expect(model.dispensedUnits).toBeGreaterThan(1000);
  });

  it('has a model that does catch violations (negative controls)', () => {
    const tampered = new CustodyModel(directory);
    const firstReceipt = events.findIndex(({ e }) => e.bizStep === 'receiving');
    for (const { msp, e } of events.slice(0, firstReceipt)) tampered.apply(msp, e);
    const receipt = events[firstReceipt]!;
    expect(() =>
      tampered.apply('PharmacyMSP', {
        ...receipt.e,
        bizLocation: { id: 'urn:epc:id:sgln:0012345.30001.0' },
        readPoint: { id: 'urn:epc:id:sgln:0012345.30001.0' },
      }),
    ).toThrow(/was shipped to DistributorMSP/);
    const dispense = events.find(({ e }) => e.bizStep === 'dispensing')!;
    expect(() => tampered.apply(dispense.msp, dispense.e)).toThrow(/owned by|never commissioned/);
  });

  it('never consumes more of an ingredient lot than was produced, and serialises exactly what was made', () => {
    const ingredientLots = [...model.lots.entries()].filter(([, lot]) => lot.uom === 'KGM');
    expect(ingredientLots.length).toBeGreaterThan(5);
    for (const [, lot] of ingredientLots)
      expect(lot.remaining).toBeGreaterThanOrEqual(0.001 - 1e-9);
    // Several drug lots share an ingredient lot, so forward lineage has fan-out.
    expect(summary.ingredientLots.some((lot) => lot.drugLots.length >= 2)).toBe(true);
    for (const [lotClass, lot] of model.lots)
      if (lot.uom === undefined) expect(lot.serials, lotClass).toBe(lot.produced);
  });

  it('tags every event with the MSP its step names and keeps each MSP in time order', () => {
    const roles: Record<string, string[]> = {
      ManufacturerMSP: ['commissioning', 'packing', 'shipping'],
      DistributorMSP: ['commissioning', 'receiving', 'unpacking', 'packing', 'shipping'],
      PharmacyMSP: ['receiving', 'unpacking', 'dispensing'],
    };
    const last = new Map<string, number>();
    for (const { msp, e } of events) {
      expect(roles[msp]).toContain(e.bizStep);
      const time = Date.parse(e.eventTime);
      expect(time).toBeGreaterThanOrEqual(last.get(msp) ?? 0);
      last.set(msp, time);
    }
  });

  it('sends every emission record after the document holding its shipping event, by the shipper', () => {
    const shipper = new Map<string, string>();
    let emissions = 0;
    for (const step of steps) {
      if (step.kind === 'capture') {
        for (const e of step.document.epcisBody.eventList)
          if (e.bizStep === 'shipping') shipper.set(e.eventID, step.msp);
      }
      if (step.kind === 'emission') {
        expect(shipper.get(step.emission.eventId)).toBe(step.msp);
        emissions++;
      }
    }
    expect(emissions).toBe(shipper.size);
  });

  it('recalls lots mid-distribution and nothing of them moves afterwards', () => {
    const recalls = steps.filter((s) => s.kind === 'recall');
    expect(recalls).toHaveLength(3);
    const recalledLots = new Set(recalls.flatMap((s) => s.recall.lotClasses));
    expect(new Set(summary.drugLots.filter((l) => l.recalled).map((l) => l.lotClass))).toEqual(
      recalledLots,
    );
    // Some recalled units are still in the supply chain (not dispensed): what a recall must find.
    const undispensed = [...model.things.values()].filter(
      (t) => t.lotClass && recalledLots.has(t.lotClass) && !t.dispensed,
    );
    expect(undispensed.length).toBeGreaterThan(0);
  });

  it('ends with its last lots at their distribution centres, in cases on pallets', () => {
    const held = summary.drugLots.filter((l) => l.heldAtDc);
    expect(held.length).toBeGreaterThanOrEqual(2);
    // The tail of the run: no lot made after a held one goes further.
    const firstHeld = summary.drugLots.findIndex((l) => l.heldAtDc);
    expect(summary.drugLots.slice(firstHeld).every((l) => l.heldAtDc)).toBe(true);
    const heldLots = new Set(held.map((l) => l.lotClass));
    const units = [...model.things.values()].filter(
      (t) => t.lotClass !== undefined && heldLots.has(t.lotClass),
    );
    expect(units).toHaveLength(held.reduce((n, l) => n + l.units, 0));
    for (const unit of units) {
      expect(unit).toMatchObject({ received: true, dispensed: false, owner: 'DistributorMSP' });
      const box = model.things.get(unit.parent ?? '');
      expect(box?.parent, 'a case on a pallet').toBeDefined();
    }
  });

  it('summarises what it streamed', () => {
    expect(summary.events).toBe(events.length);
    expect(summary.documents).toBe(steps.filter((s) => s.kind === 'capture').length);
    const byStep: Record<string, number> = {};
    for (const { e } of events)
      byStep[e.bizStep as string] = (byStep[e.bizStep as string] ?? 0) + 1;
    expect(summary.byBizStep).toEqual(byStep);
    expect(summary.serialisedUnits).toBe(summary.drugLots.reduce((n, lot) => n + lot.units, 0));
    expect(
      Date.parse(summary.lastEventTime!) - Date.parse(summary.firstEventTime!),
    ).toBeGreaterThan(30 * 86_400_000);
  });
});
