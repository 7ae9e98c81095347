import { describe, expect, it } from 'vitest';
import {
  dispenseGroupSize,
  planLot,
  toteUnitRange,
  unitsWithinBudget,
  type LotPlanChoices,
} from '../../../src/simulator/lot-plan.js';

const choices: LotPlanChoices = {
  units: 1000,
  caseSize: 48,
  casesPerPallet: 10,
  dcs: [
    { dcKey: 'dc-a', pharmacyKeys: ['rx-1', 'rx-2', 'rx-3'] },
    { dcKey: 'dc-b', pharmacyKeys: ['rx-4', 'rx-5'] },
  ],
  toteSize: 12,
  deliveryDays: 5,
  dispenseSalt: 99,
};

describe('lot plan', () => {
  it('splits a lot into cases, pallets and legs that cover every unit once', () => {
    const plan = planLot(choices);
    expect(plan.cases).toBe(21);
    expect(plan.pallets).toBe(3);
    expect(plan.legs.map((l) => [l.palletStart, l.palletEnd])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(plan.legs.map((l) => [l.unitStart, l.unitEnd])).toEqual([
      [0, 480],
      [480, 1000],
    ]);
    const covered = plan.legs.flatMap((leg) =>
      Array.from({ length: leg.totes }, (_, j) => toteUnitRange(leg, j)),
    );
    expect(covered.reduce((n, [a, b]) => n + (b - a), 0)).toBe(1000);
    // Every pharmacy of a leg is served within the delivery days.
    for (const leg of plan.legs)
      expect(leg.shipments).toBeLessThanOrEqual(choices.deliveryDays * leg.pharmacyKeys.length);
  });

  it('counts its events exactly from the structure', () => {
    const plan = planLot(choices);
    let dispense = 0;
    for (const leg of plan.legs) {
      for (let j = 0; j < leg.totes; j++) {
        const [a, b] = toteUnitRange(leg, j);
        dispense += Math.ceil((b - a) / dispenseGroupSize(99, leg.toteStart + j));
      }
    }
    const legs = plan.legs.reduce(
      (n, l) =>
        n +
        2 +
        (l.palletEnd - l.palletStart) +
        (l.caseEnd - l.caseStart) +
        3 * l.shipments +
        2 * l.totes,
      0,
    );
    expect(plan.structuralEvents).toBe(
      1 + 1 + plan.commissionEvents + plan.cases + plan.pallets + legs + dispense,
    );
  });

  it('plans a held lot to its distribution centres only: ship and receive per leg, no totes', () => {
    const full = planLot(choices);
    const held = planLot({ ...choices, holdAtDc: true });
    expect(full.heldAtDc).toBe(false);
    expect(held.heldAtDc).toBe(true);
    expect(held.legs.map((l) => [l.palletStart, l.palletEnd])).toEqual(
      full.legs.map((l) => [l.palletStart, l.palletEnd]),
    );
    expect(held.legs.every((l) => l.totes === 0 && l.shipments === 0)).toBe(true);
    expect(held.structuralEvents).toBe(
      1 + 1 + held.commissionEvents + held.cases + held.pallets + 2 * held.legs.length,
    );
  });

  it('uses fewer distribution centres than requested when the lot has fewer pallets', () => {
    const plan = planLot({ ...choices, units: 30 });
    expect(plan.pallets).toBe(1);
    expect(plan.legs).toHaveLength(1);
  });

  it('draws dispensing group sizes of one to three, mostly one', () => {
    const sizes = Array.from({ length: 10_000 }, (_, i) => dispenseGroupSize(7, i));
    expect(new Set(sizes)).toEqual(new Set([1, 2, 3]));
    expect(sizes.filter((s) => s === 1).length / sizes.length).toBeGreaterThan(0.7);
  });

  it('shrinks a lot to fit a budget of events, using most of it', () => {
    const units = unitsWithinBudget(choices, 500);
    const events = planLot({ ...choices, units }).structuralEvents;
    expect(events).toBeLessThanOrEqual(500);
    expect(events).toBeGreaterThan(480);
    expect(unitsWithinBudget(choices, 1e6)).toBe(choices.units);
    expect(unitsWithinBudget(choices, 5)).toBe(0);
  });
});
