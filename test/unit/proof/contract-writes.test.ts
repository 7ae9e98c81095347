import { describe, expect, it } from 'vitest';
import {
  DIST,
  DRUG_FOOTPRINT_V3,
  IDS,
  MFG,
  ROAD_LEG,
  aggregation,
  capture,
  commissionIngredientKg,
  commissionUnits,
  json,
  receiving,
  registeredLedger,
  shipping,
  transformIngredientKg,
} from '../../../chaincode/test/support/supply-chain.js';
import type { CommittedWrites } from '../../../chaincode/src/testing/in-memory-ledger.js';
import { parseEndorserAction, parseEnvelopeHeader } from '../../../src/ledger/envelope-parser.js';
import { buildEndorserEnvelope } from '../../../src/ledger/transaction-builder.js';
import { writeSet } from '../../../src/loader/ledger-replay.js';
import { writesCheck } from '../../../src/proof/write-checks.js';
import { getTestFabric } from '../../support/fabric-identities.js';

// The REAL contract on the in-memory ledger: every kind of transaction it commits, with the write
// set it applied, must pass records-written. This is what lets the check fail a transaction
// whose event and writes disagree without failing any transaction the contract makes.
describe('records-written on every kind of transaction the contract commits (in-memory ledger)', () => {
  it('passes master data, captures, packing, shipping, a transformation, an error declaration, recalls, an emission and a footprint', async () => {
    const commits: CommittedWrites[] = [];
    const ledger = await registeredLedger({ onCommit: (c) => commits.push(c) });
    await capture(ledger, MFG, commissionUnits([1, 2, 3]));
    await capture(
      ledger,
      MFG,
      aggregation('ADD', IDS.case1, [IDS.unit(1), IDS.unit(2)], 'manufacturer'),
    );
    const ship = shipping([IDS.case1], 'manufacturer', 'distributor');
    const shipped = await capture(ledger, MFG, ship);
    const received = { ...receiving([IDS.case1], 'distributor'), eventID: 'urn:uuid:receive-1' };
    await capture(ledger, DIST, received);
    // Declared erroneous: the contract replays the case's history without it.
    const declared = await capture(ledger, DIST, {
      ...received,
      errorDeclaration: { declarationTime: '2027-01-01T00:00:00Z', reason: 'incorrect_data' },
    });
    expect(declared.events[0]?.outcome).toBe('retracted');
    await capture(ledger, MFG, commissionIngredientKg());
    await capture(ledger, MFG, transformIngredientKg(40, 'manufacturer', 'LOT-B'));
    await ledger.invoke(
      'InitiateRecall',
      [json({ recallId: 'R-1', lotClasses: [IDS.drugLot], classification: 'II', reason: 'label' })],
      MFG,
    );
    await ledger.invoke('CloseRecall', ['R-1'], MFG);
    const leg = { ...ROAD_LEG, eventId: shipped.events[0]?.eventId };
    await ledger.invoke('RecordEmission', [json(leg)], MFG);
    await ledger.invoke('SubmitProductFootprint', [json(DRUG_FOOTPRINT_V3)], MFG);

    const fabric = await getTestFabric();
    const verdicts = commits.map((commit) => {
      const { envelope } = buildEndorserEnvelope('supplychain', {
        creator: fabric.manufacturer.client,
        endorsers: [fabric.manufacturer.peer],
        chaincode: 'provenance',
        functionName: 'any',
        ...(commit.event === undefined ? {} : { event: commit.event }),
        writes: writeSet(commit.writes),
      });
      const action = parseEndorserAction(parseEnvelopeHeader(envelope).data);
      return writesCheck(action, commit.txId);
    });
    const functions = commits.map((c) => {
      const payload = c.event && (JSON.parse(Buffer.from(c.event.payload).toString()) as object);
      return (payload as { function?: string } | undefined)?.function;
    });
    expect(new Set(functions)).toEqual(
      new Set([
        'RegisterOrganization',
        'RegisterLocation',
        'RegisterProduct',
        'CaptureEvents',
        'InitiateRecall',
        'CloseRecall',
        'RecordEmission',
        'SubmitProductFootprint',
      ]),
    );
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
    // Captures wrote bookkeeping, and the check accepted it.
    expect(verdicts.some((v) => /and [1-9]\d* bookkeeping writes/.test(v.detail))).toBe(true);
  });
});
