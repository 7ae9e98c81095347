import './support/quiet-fabric-logs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BIZ_STEPS, DISPOSITIONS } from '../src/epcis/cbv-vocabulary';
import { DEFAULT_COMPANY_PREFIX_LENGTH, digitalLinkToUrn } from '../src/epcis/digital-link';
import { validateCaptureDocument } from '../src/epcis/document-validator';
import { canonicalForm, contentHashOf, generatedEventId } from '../src/epcis/event-id';
import { gs1CheckDigit, gtinOf, normaliseGtin } from '../src/epcis/gs1-keys';
import { normaliseCbv, normaliseIdentifier } from '../src/epcis/value-normalisers';
import { canonicalJson } from '../src/util/canonical-json';
import { toUtcIso } from '../src/util/time';
import { doc } from './support/supply-chain';

const urn = (uri: string, prefixes: string[] = []): string | undefined => {
  const result = digitalLinkToUrn(uri, prefixes);
  return result && 'urn' in result ? result.urn : undefined;
};

describe('GS1 Digital Link → EPC URN', () => {
  it('converts serialised GTINs, lots, bare GTINs, SSCCs, GLNs with and without extension, and PGLNs', () => {
    expect(urn('https://id.gs1.org/01/09521141012345/21/2017')).toBe(
      'urn:epc:id:sgtin:9521141.001234.2017',
    );
    expect(urn('https://id.gs1.org/01/09521141012345/10/LOT%2F7')).toBe(
      'urn:epc:class:lgtin:9521141.001234.LOT%2F7',
    );
    expect(urn('https://id.gs1.org/01/09521141012345/10/L1/21/S1')).toBe(
      'urn:epc:id:sgtin:9521141.001234.S1',
    );
    expect(urn('https://id.gs1.org/01/09521141012345')).toBe(
      'urn:epc:idpat:sgtin:9521141.001234.*',
    );
    expect(urn('https://id.gs1.org/00/040123450000003338')).toBe(
      'urn:epc:id:sscc:4012345.0000000333',
    );
    expect(urn('https://id.gs1.de/414/4012345000115')).toBe('urn:epc:id:sgln:4012345.00011.0');
    expect(urn('https://example.com/some/prefix/414/4012345000115/254/12')).toBe(
      'urn:epc:id:sgln:4012345.00011.12',
    );
    expect(urn('https://id.gs1.org/417/0614141000012')).toBe('urn:epc:id:pgln:0614141.00001');
    expect(urn('https://id.gs1.org/8004/4000001111')).toBe('urn:epc:id:giai:4000001.111');
    expect(urn('https://id.gs1.org/8003/04012345000740ABC')).toBe(
      'urn:epc:id:grai:4012345.00074.ABC',
    );
    expect(urn('https://id.gs1.org/8003/04012345000740')).toBe(
      'urn:epc:idpat:grai:4012345.00074.*',
    );
    expect(urn('https://id.gs1.org/253/4012345000054987')).toBe(
      'urn:epc:id:gdti:4012345.00005.987',
    );
  });

  it('splits the company prefix at a registered prefix, else after the documented 7 digits', () => {
    expect(DEFAULT_COMPANY_PREFIX_LENGTH).toBe(7);
    const link = 'https://id.gs1.org/01/00614141123452/21/9';
    expect(urn(link)).toBe('urn:epc:id:sgtin:0614141.012345.9');
    expect(urn(link, ['061414112'])).toBe('urn:epc:id:sgtin:061414112.0345.9');
    // The longest matching registered prefix wins; non-matching ones are ignored.
    expect(urn(link, ['061414', '06141411', '4012345'])).toBe('urn:epc:id:sgtin:06141411.02345.9');
    // Either split names the same GTIN.
    expect(gtinOf('urn:epc:id:sgtin:06141411.02345.9')).toBe(
      gtinOf('urn:epc:id:sgtin:0614141.012345.9'),
    );
  });

  it('rejects bad check digits on the keys custody depends on, keeps other links opaque', () => {
    expect(digitalLinkToUrn('https://id.gs1.org/01/09521141012346/21/1', [])).toEqual({
      error: 'has an invalid GTIN (AI 01)',
    });
    expect(normaliseIdentifier('https://id.gs1.org/00/040123450000003339', [])).toMatchObject({
      error: expect.stringContaining('SSCC'),
    });
    expect(normaliseIdentifier('https://id.example.com/8003/952012200000001004', [])).toEqual({
      value: 'https://id.example.com/8003/952012200000001004',
    });
    expect(normaliseIdentifier('https://example.org/products/42', [])).toEqual({
      value: 'https://example.org/products/42',
    });
    expect(normaliseIdentifier('urn:epc:id:sgtin:0614141.12345.1', [])).toMatchObject({
      error: expect.stringContaining('sgtin'),
    });
    expect(normaliseIdentifier('not a uri', [])).toMatchObject({
      error: expect.stringContaining('URI'),
    });
  });

  it('computes GS1 check digits and pads GTINs', () => {
    expect(gs1CheckDigit('0952114101234')).toBe(5);
    expect(normaliseGtin('9521141012345')).toBe('09521141012345');
    expect(normaliseGtin('09521141012346')).toBeUndefined();
  });
});

describe('CBV vocabulary normalisation', () => {
  it('accepts the short name, the URN and the web URI of a term', () => {
    for (const value of [
      'shipping',
      'urn:epcglobal:cbv:bizstep:shipping',
      'https://ref.gs1.org/cbv/BizStep-shipping',
      'cbv:BizStep-shipping',
    ]) {
      expect(normaliseCbv(value, BIZ_STEPS)).toEqual({ value: 'shipping' });
    }
    expect(normaliseCbv('urn:epcglobal:cbv:disp:in_transit', DISPOSITIONS)).toEqual({
      value: 'in_transit',
    });
  });

  it('keeps custom URIs and rejects bare non-CBV words and unknown CBV terms', () => {
    expect(normaliseCbv('https://example.com/bizStep/inspecting', BIZ_STEPS)).toEqual({
      value: 'https://example.com/bizStep/inspecting',
    });
    expect(normaliseCbv('transforming', BIZ_STEPS)).toMatchObject({
      error: expect.stringContaining('full URIs'),
    });
    expect(normaliseCbv('urn:epcglobal:cbv:bizstep:transforming', BIZ_STEPS)).toMatchObject({
      error: expect.stringContaining('"transforming"'),
    });
    expect(normaliseCbv('https://ref.gs1.org/cbv/Disp-in_transport', DISPOSITIONS)).toMatchObject({
      error: expect.any(String),
    });
  });
});

describe('times', () => {
  it('normalises ISO 8601 with offsets to UTC milliseconds', () => {
    expect(toUtcIso('2005-04-03T20:33:31.116000-06:00')).toBe('2005-04-04T02:33:31.116Z');
    expect(toUtcIso('2020-01-14T00:00:00+01:00')).toBe('2020-01-13T23:00:00.000Z');
    expect(toUtcIso('2024-02-29T12:00:00Z')).toBe('2024-02-29T12:00:00.000Z');
    expect(toUtcIso('0050-01-01T00:00:00Z')).toBe('0050-01-01T00:00:00.000Z');
  });

  it('rejects dates that do not exist and times without a zone', () => {
    for (const bad of [
      '2023-02-29T12:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:00:00',
      '22-07-2026',
      '2024-01-01T10:00:00+15:00',
    ]) {
      expect(toUtcIso(bad), bad).toBeUndefined();
    }
  });
});

describe('eventID algorithm', () => {
  /** A valid OBSERVE of one unit, to vary. */
  const observe = {
    type: 'ObjectEvent',
    eventTime: '2025-01-01T01:00:00+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    epcList: ['https://id.gs1.org/01/09521141012345/21/2017'],
  };

  it('refuses a document with U+0000 anywhere, naming where', () => {
    const raw = { ...observe, 'example:note': 'a\u0000b' };
    expect(() => validateCaptureDocument(doc(raw), [])).toThrow(
      /^\[EPCIS_INVALID\] document\.epcisBody\.eventList\[0\]\.example:note contains the character U\+0000/,
    );
    // An escaped backslash before "u0000" is ordinary text.
    expect(() =>
      validateCaptureDocument(doc({ ...raw, 'example:note': 'a\\u0000b' }), []),
    ).not.toThrow();
  });

  it('refuses more than 32 sources, destinations or business transactions in one event', () => {
    const raw = observe;
    const txs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'po', bizTransaction: `urn:example:po:${i}` }));
    expect(() =>
      validateCaptureDocument(doc({ ...raw, bizTransactionList: txs(32) }), []),
    ).not.toThrow();
    expect(() => validateCaptureDocument(doc({ ...raw, bizTransactionList: txs(33) }), [])).toThrow(
      /^\[EPCIS_INVALID\] event 1: field "bizTransactionList" must have at most 32 entries \(has 33\)$/,
    );
    const owners = Array.from({ length: 33 }, () => ({
      type: 'owning_party',
      source: 'urn:epc:id:pgln:0614141.00001',
    }));
    expect(() => validateCaptureDocument(doc({ ...raw, sourceList: owners }), [])).toThrow(
      /field "sourceList" must have at most 32 entries/,
    );
  });

  it('hashes the sorted-key JSON of the normalised event without eventID, recordTime, errorDeclaration, @context', () => {
    const raw = {
      type: 'ObjectEvent',
      eventTime: '2025-01-01T01:00:00+01:00',
      eventTimeZoneOffset: '+01:00',
      action: 'OBSERVE',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      epcList: ['https://id.gs1.org/01/09521141012345/21/2017'],
      recordTime: '2025-01-02T00:00:00Z',
    };
    const [event] = validateCaptureDocument(doc(raw), []);
    const normalised = event?.normalised ?? {};
    const expected =
      '{"action":"OBSERVE","bizStep":"shipping","epcList":["urn:epc:id:sgtin:9521141.001234.2017"],' +
      '"eventTime":"2025-01-01T00:00:00.000Z","eventTimeZoneOffset":"+01:00","type":"ObjectEvent"}';
    expect(canonicalForm(normalised)).toBe(expected);
    const hex = createHash('sha256').update(expected).digest('hex');
    expect(contentHashOf(normalised)).toBe(hex);
    expect(generatedEventId(hex)).toBe(`ni:///sha-256;${hex}?ver=CBV2.0`);
    const [declared] = validateCaptureDocument(
      doc({
        ...raw,
        eventID: 'urn:uuid:x-1',
        errorDeclaration: { declarationTime: '2025-01-03T00:00:00Z' },
      }),
      [],
    );
    expect(contentHashOf(declared?.normalised ?? {})).toBe(hex);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"x":"é","z":1}]},"b":1}',
    );
  });

  it('refuses values JSON cannot represent faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/function/);
  });
});
