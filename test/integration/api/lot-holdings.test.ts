import { describe, expect, it } from 'vitest';
import {
  epcisEvent,
  ID,
  ORG,
  type OrgKey,
  withStoryDatabase,
} from '../../support/graph-fixture.js';

// Shipping or receiving kilograms of the excipient lot (EXC-1, 100 KGM of the manufacturer's).
const excipientKg = (
  minute: number,
  step: 'shipping' | 'receiving',
  kg: number,
  from: OrgKey,
  to: OrgKey,
): Record<string, unknown> =>
  epcisEvent('ObjectEvent', minute, {
    action: 'OBSERVE',
    bizStep: step,
    quantityList: [{ epcClass: ID.excipientLot, quantity: kg, uom: 'KGM' }],
    readPoint: { id: ORG[step === 'shipping' ? from : to].site },
    destinationList: [
      { type: 'owning_party', destination: ORG[to].party },
      { type: 'location', destination: ORG[to].site },
    ],
  });

describe('lots held by quantity, over the real contract, projector and store', () => {
  it('shows who holds what of a lot and what is on the way, on the lot and in a recall', async () => {
    await withStoryDatabase('lot_holdings', async ({ rec, api, flush }) => {
      // 20 kg shipped to the distributor, 15 kg of them received so far.
      await rec.capture(
        'ship-kg',
        'manufacturer',
        excipientKg(40, 'shipping', 20, 'manufacturer', 'distributor'),
      );
      await rec.capture(
        'receive-kg',
        'distributor',
        excipientKg(41, 'receiving', 15, 'manufacturer', 'distributor'),
      );
      await flush();
      const held = {
        ownerMsp: ORG.manufacturer.msp,
        heldBy: [{ organization: ORG.distributor.msp, quantity: 15 }],
        shippedTo: [{ organization: ORG.distributor.msp, quantity: 5 }],
      };
      const lot = await api(
        'query($id: String!) { lot(id: $id) { ownerMsp heldBy { organization quantity } shippedTo { organization quantity } } }',
        { id: ID.excipientLot },
      );
      expect(lot.errors).toBeUndefined();
      expect(lot.data?.lot).toEqual(held);
      const recall = await api(
        'query($lot: String!) { recallImpact(lot: $lot) { summary { lots { lotClass ownerMsp heldBy { organization quantity } shippedTo { organization quantity } } } } }',
        { lot: ID.excipientLot },
        'recall_coordinator',
      );
      expect(recall.errors).toBeUndefined();
      expect(recall.data?.recallImpact.summary.lots).toContainEqual({
        lotClass: ID.excipientLot,
        ...held,
      });
      // A lot nobody received by quantity holds nothing elsewhere.
      const drug = await api(
        'query($id: String!) { lot(id: $id) { heldBy { organization } shippedTo { organization } } }',
        {
          id: ID.drugLot,
        },
      );
      expect(drug.data?.lot).toEqual({ heldBy: [], shippedTo: [] });
    });
  });
});
