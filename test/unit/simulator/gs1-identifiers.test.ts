import { describe, expect, it } from 'vitest';
import {
  glnFromUrn,
  gs1CheckDigit,
  gtin14,
  gtinFromNdc,
  hasValidCheckDigit,
  lgtinUrn,
  scrambledSerial,
  sglnUrn,
  sgtinUrnPrefix,
  ssccFromUrn,
  ssccUrn,
} from '../../../src/simulator/gs1-identifiers.js';

describe('GS1 keys and EPC URNs', () => {
  it('computes mod-10 check digits of published examples', () => {
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit('978030640615')).toBe(7); // ISBN-13 9780306406157
    expect(hasValidCheckDigit('4006381333931')).toBe(true);
    expect(hasValidCheckDigit('4006381333932')).toBe(false);
  });

  it('builds the Tag Data Standard example URNs', () => {
    expect(gtin14('8', '0614141', '12345')).toBe('80614141123458');
    expect(`${sgtinUrnPrefix('80614141123458', 7)}6789`).toBe(
      'urn:epc:id:sgtin:0614141.812345.6789',
    );
    expect(ssccUrn('0614141', 1234567890)).toBe('urn:epc:id:sscc:0614141.1234567890');
    expect(ssccFromUrn('urn:epc:id:sscc:0614141.1234567890')).toBe('106141412345678908');
    expect(sglnUrn('0614141', '12345', '5678')).toBe('urn:epc:id:sgln:0614141.12345.5678');
    expect(glnFromUrn('urn:epc:id:sgln:0614141.12345.5678')).toBe('0614141123452');
    expect(lgtinUrn('80614141123458', 7, 'LOT1')).toBe('urn:epc:class:lgtin:0614141.812345.LOT1');
  });

  it('maps an NDC to its GTIN-14 (indicator 0, "03" + labeler as company prefix)', () => {
    expect(gtinFromNdc('99001-101-90')).toBe('00399001101909');
    expect(() => gtinFromNdc('1234-56')).toThrow(RangeError);
  });

  it('scrambles serial counters into unique ten-digit serials', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(scrambledSerial(i, 0xdeadbeef));
    expect(seen.size).toBe(100_000);
    for (const serial of [...seen].slice(0, 100)) expect(serial).toMatch(/^\d{10}$/);
    expect(scrambledSerial(1, 1)).not.toBe(scrambledSerial(1, 2));
  });
});
