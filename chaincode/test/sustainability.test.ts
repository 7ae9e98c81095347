import './support/quiet-fabric-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  GTINS,
  IDS,
  MFG,
  PHARM,
  capture,
  commissionUnits,
  expectCode,
  json,
  registeredLedger,
  shipping,
  ROAD_LEG,
  DRUG_FOOTPRINT_V3,
} from './support/supply-chain';

describe('emissions and footprints, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;
  let shipmentId: string;
  const leg = ROAD_LEG;

  beforeEach(async () => {
    ledger = await registeredLedger();
    await capture(ledger, MFG, commissionUnits([1]));
    const shipped = await capture(
      ledger,
      MFG,
      shipping([IDS.unit(1)], 'manufacturer', 'distributor'),
    );
    shipmentId = shipped.events[0]?.eventId ?? '';
  });

  it('computes co2eKg = massKg / 1000 × distanceKm × factorValue and keeps the factor provenance', async () => {
    const { result, payload } = await ledger.invoke(
      'RecordEmission',
      [json({ ...leg, eventId: shipmentId })],
      MFG,
    );
    const emission = JSON.parse(result) as Record<string, unknown>;
    expect(emission).toMatchObject({
      ...leg,
      eventId: shipmentId,
      co2eKg: 41.7816,
      recordedByMsp: 'ManufacturerMSP',
    });
    expect(payload?.records.map((record) => record.kind)).toEqual(['emission']);
    // Recording the same leg again is idempotent (same derived id, same record).
    const again = await ledger.invoke(
      'RecordEmission',
      [json({ ...leg, eventId: shipmentId })],
      MFG,
    );
    expect(JSON.parse(again.result)).toMatchObject({ emissionId: emission.emissionId });
  });

  it('lets a party to the event record it (the destination), but nobody else', async () => {
    const { result } = await ledger.invoke(
      'RecordEmission',
      [json({ ...leg, eventId: shipmentId, emissionId: 'em-dist' })],
      DIST,
    );
    expect(JSON.parse(result)).toMatchObject({ recordedByMsp: 'DistributorMSP' });
    await expectCode(
      ledger.invoke('RecordEmission', [json({ ...leg, eventId: shipmentId })], PHARM),
      'FORBIDDEN_NOT_PARTY',
    );
    await expectCode(
      ledger.invoke(
        'RecordEmission',
        [json({ ...leg, eventId: shipmentId, emissionId: 'em-dist' })],
        MFG,
      ),
      'NOT_RECORD_OWNER',
    );
  });

  it('refuses unknown events and bad factors', async () => {
    await expectCode(
      ledger.invoke('RecordEmission', [json({ ...leg, eventId: 'urn:uuid:nope' })], MFG),
      'NOT_FOUND',
    );
    await expectCode(
      ledger.invoke('RecordEmission', [json({ ...leg, eventId: shipmentId, scope: 'WTT' })], MFG),
      'INVALID_ARGUMENT',
      'scope',
    );
    await expectCode(
      ledger.invoke('RecordEmission', [json({ ...leg, eventId: shipmentId, distanceKm: -1 })], MFG),
      'INVALID_ARGUMENT',
      'distanceKm',
    );
  });

  it('stores a PACT v3 footprint as given', async () => {
    const { result } = await ledger.invoke(
      'SubmitProductFootprint',
      [json(DRUG_FOOTPRINT_V3)],
      MFG,
    );
    expect(JSON.parse(result)).toMatchObject({
      pcfExcludingBiogenicUptake: 25,
      co2ePerUnitKg: 2.5,
      convertedFromV2: false,
      submittedByMsp: 'ManufacturerMSP',
    });
  });

  it('converts a PACT v2 footprint (per one declared unit) to v3 terms', async () => {
    const { result } = await ledger.invoke(
      'SubmitProductFootprint',
      [
        json({
          productIds: [IDS.drugLot],
          declaredUnit: 'kilogram',
          unitaryProductAmount: 10,
          pCfExcludingBiogenic: 2.5,
          specVersion: '2.2.0',
        }),
      ],
      MFG,
    );
    expect(JSON.parse(result)).toMatchObject({
      productIds: [IDS.drugLot],
      declaredUnitOfMeasurement: 'kilogram',
      declaredUnitAmount: 10,
      pcfExcludingBiogenicUptake: 25,
      co2ePerUnitKg: 2.5,
      convertedFromV2: true,
      specVersion: '2.2.0',
    });
  });

  it('only lets the product owner submit, for registered products and known versions', async () => {
    const footprint = {
      productIds: [`urn:gtin:${GTINS.drug}`],
      declaredUnitOfMeasurement: 'piece',
      declaredUnitAmount: 1,
      pcfExcludingBiogenicUptake: 0.4,
      specVersion: '3.0',
    };
    await expectCode(
      ledger.invoke('SubmitProductFootprint', [json(footprint)], DIST),
      'NOT_PRODUCT_OWNER',
    );
    await expectCode(
      ledger.invoke(
        'SubmitProductFootprint',
        [json({ ...footprint, productIds: ['urn:gtin:04012345111118'] })],
        MFG,
      ),
      'NOT_FOUND',
    );
    await expectCode(
      ledger.invoke('SubmitProductFootprint', [json({ ...footprint, specVersion: '1.0' })], MFG),
      'INVALID_ARGUMENT',
      'specVersion',
    );
    await expectCode(
      ledger.invoke(
        'SubmitProductFootprint',
        [json({ ...footprint, productIds: ['urn:gtin:00614141123453'] })],
        MFG,
      ),
      'INVALID_ARGUMENT',
      'GTIN',
    );
  });
});
