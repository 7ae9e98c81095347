import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors.js';
import { isGtin } from '../../../src/services/input-checks.js';
import {
  prepareCapture,
  prepareCloseRecall,
  prepareEmission,
  prepareFootprint,
  prepareLocation,
  prepareProduct,
  prepareRecall,
} from '../../../src/services/mutation-input.js';

/** The `field` a BadUserInputError names, or a failure message. */
function fieldOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return error.extensions.field;
    throw error;
  }
  return 'no error';
}

const doc = (events: unknown[]): Record<string, unknown> => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-01-01T00:00:00Z',
  epcisBody: { eventList: events },
});

describe('mutation input checks (before anything is submitted)', () => {
  it('checks the shape of a capture document and names the field', () => {
    expect(fieldOf(() => prepareCapture('not an object'))).toBe('document');
    expect(fieldOf(() => prepareCapture({ ...doc([]), type: 'Nope' }))).toBe('document.type');
    expect(fieldOf(() => prepareCapture(doc([])))).toBe('document.epcisBody.eventList');
    expect(fieldOf(() => prepareCapture(doc([{ type: 'ObjectEvent' }, { type: 'Bogus' }])))).toBe(
      'document.epcisBody.eventList[1].type',
    );
    expect(
      fieldOf(() =>
        prepareCapture({
          type: 'EPCISQueryDocument',
          epcisBody: { queryResults: { resultsBody: {} } },
        }),
      ),
    ).toBe('document.epcisBody.queryResults.resultsBody.eventList');
  });

  it('passes a capture document through unchanged as the contract argument', () => {
    const d = doc([{ type: 'ObjectEvent', eventID: 'e1', 'ext:x': 1 }]);
    const prepared = prepareCapture(d);
    expect(prepared.call).toEqual({ fn: 'CaptureEvents', args: [JSON.stringify(d)] });
    expect(prepared.operation).toBe('captureEvents');
  });

  it('validates GTIN check digits', () => {
    expect(isGtin('09506000134352')).toBe(true);
    expect(isGtin('09506000134353')).toBe(false);
    expect(isGtin('4006381333931')).toBe(true);
    expect(isGtin('96385074')).toBe(true);
    expect(isGtin('036000291452')).toBe(true);
    expect(isGtin('12345')).toBe(false);
    expect(fieldOf(() => prepareProduct({ gtin: '09506000134353', name: 'X' }))).toBe('input.gtin');
    expect(
      fieldOf(() => prepareProduct({ gtin: '09506000134352', name: 'X', unitMassKg: 0 })),
    ).toBe('input.unitMassKg');
  });

  it('drops null optional fields so the contract sees them as absent', () => {
    const prepared = prepareProduct({
      gtin: '09506000134352',
      name: 'Aspirin',
      ndc: null,
      unitMassKg: 0.01,
    });
    expect(JSON.parse(prepared.call.args[0] ?? '')).toEqual({
      gtin: '09506000134352',
      name: 'Aspirin',
      unitMassKg: 0.01,
    });
    expect(prepared.call.fn).toBe('RegisterProduct');
  });

  it('names the offending field of every other mutation', () => {
    expect(fieldOf(() => prepareLocation({ id: 'urn:epc:id:sgtin:1.2.3', name: 'Site' }))).toBe(
      'input.id',
    );
    expect(
      fieldOf(() =>
        prepareLocation({ id: 'urn:epc:id:sgln:0614141.00777.0', name: 'S', latitude: 91 }),
      ),
    ).toBe('input.latitude');
    const recall = {
      lotClasses: ['urn:epc:class:lgtin:0614141.107346.L1'],
      classification: 'II',
      reason: 'label',
    };
    expect(fieldOf(() => prepareRecall({ ...recall, classification: 'IV' }))).toBe(
      'input.classification',
    );
    expect(fieldOf(() => prepareRecall({ ...recall, lotClasses: [] }))).toBe('input.lotClasses');
    expect(
      fieldOf(() => prepareRecall({ ...recall, lotClasses: [recall.lotClasses[0]!, 'lot-7'] })),
    ).toBe('input.lotClasses[1]');
    expect(fieldOf(() => prepareCloseRecall('  '))).toBe('recallId');
    const emission = {
      eventId: 'e1',
      mode: 'road',
      distanceKm: 120,
      massKg: 500,
      factorId: 'glec-road',
      factorValue: 0.1,
      factorSource: 'GLEC',
      factorVersion: '3.0',
      scope: 'WTW',
    };
    expect(fieldOf(() => prepareEmission({ ...emission, mode: 'teleport' }))).toBe('input.mode');
    expect(fieldOf(() => prepareEmission({ ...emission, distanceKm: -1 }))).toBe(
      'input.distanceKm',
    );
    expect(fieldOf(() => prepareEmission({ ...emission, scope: 'XYZ' }))).toBe('input.scope');
    const footprint = {
      productIds: ['urn:gtin:09506000134352'],
      declaredUnitOfMeasurement: 'kilogram',
      declaredUnitAmount: 1,
      pcfExcludingBiogenicUptake: 2.5,
      specVersion: '3.0.0',
    };
    expect(fieldOf(() => prepareFootprint({ ...footprint, specVersion: '1.0' }))).toBe(
      'input.specVersion',
    );
    expect(fieldOf(() => prepareFootprint({ ...footprint, declaredUnitAmount: 0 }))).toBe(
      'input.declaredUnitAmount',
    );
    expect(fieldOf(() => prepareFootprint({ ...footprint, productIds: [''] }))).toBe(
      'input.productIds[0]',
    );
  });

  it('builds the contract calls the chaincode expects', () => {
    expect(prepareCloseRecall('R-1').call).toEqual({ fn: 'CloseRecall', args: ['R-1'] });
    const recall = prepareRecall({
      lotClasses: [
        'urn:epc:class:lgtin:0614141.107346.L1',
        'urn:epc:class:lgtin:0614141.107346.L1',
      ],
      classification: 'I',
      reason: 'contamination',
    });
    expect(recall.call.fn).toBe('InitiateRecall');
    expect(JSON.parse(recall.call.args[0] ?? '')).toEqual({
      lotClasses: ['urn:epc:class:lgtin:0614141.107346.L1'],
      classification: 'I',
      reason: 'contamination',
    });
  });
});
