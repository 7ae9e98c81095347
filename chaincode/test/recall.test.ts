import './support/quiet-fabric-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  IDS,
  MFG,
  capture,
  commissionUnits,
  expectCode,
  json,
  query,
  registeredLedger,
  shipping,
} from './support/supply-chain';

describe('recalls, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;

  beforeEach(async () => {
    ledger = await registeredLedger();
    await capture(ledger, MFG, commissionUnits([1, 2]));
  });

  it('derives a deterministic recall id when none is given, and accepts Digital Link lots', async () => {
    const { result, txId } = await ledger.invoke(
      'InitiateRecall',
      [
        json({
          lotClasses: ['https://id.gs1.org/01/00614141123452/10/LOT-A'],
          classification: 'I',
          reason: 'contamination',
        }),
      ],
      MFG,
    );
    const recall = JSON.parse(result) as {
      recallId: string;
      lotClasses: string[];
      initiatedAt: string;
    };
    expect(recall.recallId).toMatch(/^recall-[0-9a-f]{24}$/);
    expect(recall.lotClasses).toEqual([IDS.drugLot]);
    expect(txId).toHaveLength(64);
    expect(await query(ledger, 'GetLotState', IDS.drugLot)).toMatchObject({
      recallId: recall.recallId,
      disposition: 'recalled',
      serialCount: 2,
    });
  });

  it('recalls a lot the ledger never saw produced, for the product owner', async () => {
    const unseen = 'urn:epc:class:lgtin:0614141.012345.OLD-1';
    await ledger.invoke(
      'InitiateRecall',
      [json({ recallId: 'R-OLD', lotClasses: [unseen], classification: 'III', reason: 'label' })],
      MFG,
    );
    expect(await query(ledger, 'GetLotState', unseen)).toMatchObject({
      recallId: 'R-OLD',
      quantityProduced: 0,
      unverifiedOrigin: true,
      ownerMsp: 'ManufacturerMSP',
    });
  });

  it('only lets the product owner recall', async () => {
    await expectCode(
      ledger.invoke(
        'InitiateRecall',
        [json({ lotClasses: [IDS.drugLot], classification: 'I', reason: 'x' })],
        DIST,
      ),
      'NOT_PRODUCT_OWNER',
      'belongs to ManufacturerMSP',
    );
  });

  it('refuses an existing recall id, unknown lots and bad input', async () => {
    const recall = {
      recallId: 'R-1',
      lotClasses: [IDS.drugLot],
      classification: 'II',
      reason: 'x',
    };
    await ledger.invoke('InitiateRecall', [json(recall)], MFG);
    await expectCode(ledger.invoke('InitiateRecall', [json(recall)], MFG), 'ALREADY_EXISTS', 'R-1');
    await expectCode(
      ledger.invoke(
        'InitiateRecall',
        [
          json({
            ...recall,
            recallId: 'R-2',
            lotClasses: ['urn:epc:class:lgtin:4012345.011111.L1'],
          }),
        ],
        MFG,
      ),
      'NOT_FOUND',
    );
    await expectCode(
      ledger.invoke(
        'InitiateRecall',
        [json({ ...recall, recallId: 'R-3', classification: 'IV' })],
        MFG,
      ),
      'INVALID_ARGUMENT',
      'classification',
    );
    await expectCode(
      ledger.invoke(
        'InitiateRecall',
        [json({ ...recall, recallId: 'R-4', lotClasses: [IDS.unit(1)] })],
        MFG,
      ),
      'INVALID_ARGUMENT',
      'lotClasses[0]',
    );
  });

  it('blocks shipments of the lot while open; closing keeps the lot recalled and is idempotent', async () => {
    await ledger.invoke(
      'InitiateRecall',
      [json({ recallId: 'R-1', lotClasses: [IDS.drugLot], classification: 'I', reason: 'x' })],
      MFG,
    );
    await expectCode(
      capture(ledger, MFG, shipping([IDS.unit(1)], 'manufacturer', 'distributor')),
      'RECALLED',
      'under recall R-1',
    );
    await ledger.invoke('CloseRecall', ['R-1'], MFG);
    const again = await ledger.invoke('CloseRecall', ['R-1'], MFG);
    expect(again.payload).toBeUndefined();
    await expectCode(
      capture(ledger, MFG, shipping([IDS.unit(1)], 'manufacturer', 'distributor')),
      'RECALLED',
      'is recalled and cannot be shipped',
    );
    await expectCode(ledger.invoke('CloseRecall', ['R-404'], MFG), 'NOT_FOUND');
  });
});
