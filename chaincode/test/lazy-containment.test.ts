import './support/quiet-fabric-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import { stateKeys } from '../src/ledger/state-keys';
import type { IdentifierStateRecord } from '../src/payload';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  IDS,
  MFG,
  ORGS,
  aggregation,
  capture,
  commissionUnits,
  event,
  query,
  receiving,
  registeredLedger,
  shipping,
} from './support/supply-chain';

const units = [1, 2, 3, 4].map(IDS.unit);

// Containment is lazy (src/domain/containment.ts): an event on a container writes the container.
describe('lazy containment, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;
  const state = (epc: string): Promise<IdentifierStateRecord> =>
    query(ledger, 'GetIdentifierState', epc);

  beforeEach(async () => {
    ledger = await registeredLedger();
    await capture(ledger, MFG, commissionUnits([1, 2, 3, 4]));
    await capture(
      ledger,
      MFG,
      aggregation('ADD', IDS.case1, units.slice(0, 2), 'manufacturer'),
      aggregation('ADD', IDS.case2, units.slice(2), 'manufacturer'),
      aggregation('ADD', IDS.pallet, [IDS.case1, IDS.case2], 'manufacturer'),
    );
  });

  it('ships a pallet with one state write, whatever it holds', async () => {
    const shipped = await capture(
      ledger,
      MFG,
      shipping([IDS.pallet], 'manufacturer', 'distributor'),
    );
    const records = shipped.payload?.records ?? [];
    expect(records.map((r) => r.kind).sort()).toEqual(['event', 'identifier']);
    expect(records.flatMap((r) => (r.kind === 'identifier' ? [r.value.epc] : []))).toEqual([
      IDS.pallet,
    ]);
    expect(shipped.events[0]?.record.affectedIdentifiers).toEqual([IDS.pallet]);
  });

  it('reads a contained unit’s custody through its case and pallet', async () => {
    await capture(ledger, MFG, shipping([IDS.pallet], 'manufacturer', 'distributor'));
    await capture(ledger, DIST, receiving([IDS.pallet], 'distributor'));
    expect(await state(IDS.unit(3))).toMatchObject({
      parent: IDS.case2,
      ownerMsp: 'DistributorMSP',
      ownerParty: ORGS.distributor.party,
      location: ORGS.distributor.site,
      disposition: 'in_progress',
    });
  });

  it('materialises the inherited custody when a unit is unpacked, and records it for replays', async () => {
    await capture(ledger, MFG, shipping([IDS.pallet], 'manufacturer', 'distributor'));
    await capture(ledger, DIST, receiving([IDS.pallet], 'distributor'));
    await capture(ledger, DIST, aggregation('DELETE', IDS.pallet, [IDS.case1], 'distributor'));
    const unpack = aggregation('DELETE', IDS.case1, [IDS.unit(1)], 'distributor');
    const unpacked = await capture(ledger, DIST, unpack);
    const { historyCount } = await state(IDS.unit(1));
    const entry = ledger.read(
      stateKeys.history('identifier', IDS.unit(1), (historyCount ?? 0) - 1),
    );
    expect(unpacked.events[0]?.outcome).toBe('captured');
    expect(entry).toMatchObject({
      role: 'child',
      inherited: { ownerMsp: 'DistributorMSP', location: ORGS.distributor.site },
    });
    expect(await state(IDS.unit(1))).toMatchObject({ ownerMsp: 'DistributorMSP' });
    expect((await state(IDS.unit(1))).parent).toBeUndefined();

    // Declaring an unrelated later event erroneous replays unit 1's history: the custody it
    // inherited at the unpack is applied again, not its stale manufacturer-era record.
    const observe = event('ObjectEvent', {
      action: 'OBSERVE',
      bizStep: 'inspecting',
      epcList: [IDS.unit(1)],
      readPoint: { id: ORGS.distributor.site },
    });
    await capture(ledger, DIST, observe);
    await capture(ledger, DIST, {
      ...observe,
      errorDeclaration: { declarationTime: '2025-04-01T00:00:00Z' },
    });
    expect(await state(IDS.unit(1))).toMatchObject({
      ownerMsp: 'DistributorMSP',
      ownerParty: ORGS.distributor.party,
      location: ORGS.distributor.site,
    });
  });

  it('weaves the containers’ events into a unit’s history while it was inside', async () => {
    await capture(ledger, MFG, shipping([IDS.pallet], 'manufacturer', 'distributor'));
    await capture(ledger, DIST, receiving([IDS.pallet], 'distributor'));
    await capture(ledger, DIST, aggregation('DELETE', IDS.case2, [], 'distributor'));
    // Unpacked from case 2, unit 3 no longer follows the pallet.
    await capture(ledger, DIST, shipping([IDS.pallet], 'distributor', 'pharmacy'));
    const history = await query<{
      steps: { role: string; container?: string; event: { bizStep: string } }[];
    }>(ledger, 'GetHistory', IDS.unit(3));
    expect(history.steps.map((s) => [s.event.bizStep, s.role, s.container ?? ''])).toEqual([
      ['commissioning', 'epc', ''],
      ['packing', 'child', ''],
      ['packing', 'contained', IDS.case2],
      ['shipping', 'contained', IDS.pallet],
      ['receiving', 'contained', IDS.pallet],
      ['unpacking', 'child', ''],
    ]);
  });
});
