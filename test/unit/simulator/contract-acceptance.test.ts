/**
 * The strongest check of the simulator's custody story: replay whole small runs, in stream order
 * and as the tagged MSPs, through the real contract on the in-memory ledger (chaincode/src/testing)
 * and require every transaction to succeed. Every document also goes through the contract's EPCIS
 * validator on its own, so a validation failure names the document.
 */
import './quiet-fabric-logs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCaptureDocument } from '../../../chaincode/src/epcis/document-validator.js';
import { InMemoryLedger } from '../../../chaincode/src/testing/in-memory-ledger.js';
import {
  generateSupplyChain,
  type SimulationStep,
  type SupplyChain,
  type SupplyChainOptions,
} from '../../../src/simulator/index.js';

const FUNCTION_OF: Record<SimulationStep['kind'], string> = {
  capture: 'CaptureEvents',
  emission: 'RecordEmission',
  recall: 'InitiateRecall',
};

function argumentOf(step: SimulationStep): string {
  if (step.kind === 'capture') return JSON.stringify(step.document);
  if (step.kind === 'emission') return JSON.stringify(step.emission);
  return JSON.stringify(step.recall);
}

async function registerMasterData(ledger: InMemoryLedger, sim: SupplyChain): Promise<void> {
  for (const org of sim.masterData.organizations) {
    await ledger.invoke('RegisterOrganization', [JSON.stringify(org)], {
      mspId: org.mspId,
      admin: true,
    });
  }
  for (const location of sim.masterData.locations) {
    await ledger.invoke('RegisterLocation', [JSON.stringify(location)], {
      mspId: location.ownerMsp,
    });
  }
  for (const product of sim.masterData.products) {
    await ledger.invoke('RegisterProduct', [JSON.stringify(product)], { mspId: product.ownerMsp });
  }
  for (const { msp, footprint } of sim.footprints) {
    await ledger.invoke('SubmitProductFootprint', [JSON.stringify(footprint)], { mspId: msp });
  }
}

const RUNS: SupplyChainOptions[] = [
  {
    seed: 'contract',
    targetEvents: 3000,
    eventsPerDocument: 25,
    excursionRate: 0.2,
    recallCount: 2,
  },
  { seed: 7, targetEvents: 6000, eventsPerDocument: 100, excursionRate: 0.05, recallCount: 3 },
];

describe.each(RUNS)(
  'simulator run $seed ($targetEvents events) against the contract',
  (options) => {
    const sim = generateSupplyChain(options);
    const steps = [...sim.steps()];
    const events = steps.flatMap((s) =>
      s.kind === 'capture' ? s.document.epcisBody.eventList : [],
    );

    it('passes the contract EPCIS validator, document by document', () => {
      const prefixes = sim.masterData.organizations.flatMap((org) => org.companyPrefixes);
      const documents = steps.filter((s) => s.kind === 'capture');
      for (const step of documents) {
        const validated = validateCaptureDocument(JSON.stringify(step.document), prefixes);
        expect(validated).toHaveLength(step.document.epcisBody.eventList.length);
      }
      expect(documents.length).toBeGreaterThanOrEqual(
        options.targetEvents / (options.eventsPerDocument ?? 50),
      );
    });

    describe('replayed in order on the in-memory ledger', () => {
      const ledger = new InMemoryLedger();
      const failures: string[] = [];
      const unverified = new Set<string>();
      const counts: Record<string, number> = {};

      beforeAll(async () => {
        await registerMasterData(ledger, sim);
        for (const [i, step] of steps.entries()) {
          try {
            const { result } = await ledger.invoke(FUNCTION_OF[step.kind], [argumentOf(step)], {
              mspId: step.msp,
              timestamp: step.at,
            });
            counts[step.kind] = (counts[step.kind] ?? 0) + 1;
            if (step.kind === 'capture') {
              const outcomes = (
                JSON.parse(result) as { events: { record: { unverifiedIdentifiers: string[] } }[] }
              ).events;
              for (const outcome of outcomes)
                for (const id of outcome.record.unverifiedIdentifiers) unverified.add(id);
            }
          } catch (error) {
            failures.push(
              `step ${i} (${step.kind} by ${step.msp}): ${(error as Error).message.slice(0, 400)}`,
            );
            if (failures.length >= 5) break;
          }
        }
      }, 120_000);

      it('accepts every capture, emission and recall as the tagged MSP', () => {
        expect(failures).toEqual([]);
        expect(counts.capture).toBe(steps.filter((s) => s.kind === 'capture').length);
        expect(counts.emission).toBe(events.filter((e) => e.bizStep === 'shipping').length);
        expect(counts.recall).toBe(options.recallCount);
      });

      it('meets no identifier or lot of unverified origin', () => {
        expect([...unverified]).toEqual([]);
      });

      it('leaves dispensed units dispensed and owned by the pharmacy', async () => {
        const dispensed = events
          .filter((e) => e.bizStep === 'dispensing')
          .flatMap((e) => e.epcList as string[]);
        expect(dispensed.length).toBeGreaterThan(100);
        for (const epc of dispensed.filter((_, i) => i % 10 === 0)) {
          const state = JSON.parse(
            await ledger.evaluate('GetIdentifierState', [epc], { mspId: 'PharmacyMSP' }),
          );
          expect(state).toMatchObject({ ownerMsp: 'PharmacyMSP', disposition: 'dispensed' });
          expect(state.inTransitTo).toBeUndefined();
        }
      });

      it('marks the recalled lots recalled, with every produced unit serialised', async () => {
        const recalled = steps.flatMap((s) => (s.kind === 'recall' ? s.recall.lotClasses : []));
        expect(recalled).toHaveLength(options.recallCount ?? 0);
        for (const lotClass of recalled) {
          const lot = JSON.parse(
            await ledger.evaluate('GetLotState', [lotClass], { mspId: 'ManufacturerMSP' }),
          );
          expect(lot.disposition).toBe('recalled');
          expect(lot.serialCount).toBe(lot.quantityProduced);
        }
      });
    });
  },
);
