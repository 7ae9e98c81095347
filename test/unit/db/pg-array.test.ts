import { describe, expect, it } from 'vitest';
import { arrayLiteral, columnLiterals, elementLiteral } from '../../../src/db/pg-array.js';

describe('array literals', () => {
  it('quotes every string, escaping only backslash and double quote', () => {
    expect(elementLiteral('plain')).toBe('"plain"');
    expect(elementLiteral('')).toBe('""');
    expect(elementLiteral('NULL')).toBe('"NULL"');
    expect(elementLiteral('a"b\\c,{d}\n')).toBe('"a\\"b\\\\c,{d}\n"');
  });

  it('encodes scalars as their types read them, and missing or non-finite values as NULL', () => {
    expect(arrayLiteral([null, undefined, true, false, 1.5, -0, 1e21, 12n])).toBe(
      '{NULL,NULL,t,f,1.5,0,1e+21,12}',
    );
    expect(arrayLiteral([Number.NaN, Number.POSITIVE_INFINITY])).toBe('{NULL,NULL}');
    expect(elementLiteral(new Date('2025-01-02T03:04:05.678Z'))).toBe('"2025-01-02T03:04:05.678Z"');
  });

  it('encodes bytes as bytea hex, arrays as nested literals, objects as JSON', () => {
    expect(elementLiteral(new Uint8Array([0, 171, 255]))).toBe('"\\\\x00abff"');
    expect(elementLiteral(['a"', null, ''])).toBe('"{\\"a\\\\\\"\\",NULL,\\"\\"}"');
    expect(elementLiteral({ k: 'v"' })).toBe('"{\\"k\\":\\"v\\\\\\"\\"}"');
  });

  it('gives one literal per column, in row order', () => {
    const rows = [
      { a: 'x', b: 1 },
      { a: 'y', b: null },
    ];
    expect(columnLiterals(rows, ['a', 'b'])).toEqual(['{"x","y"}', '{1,NULL}']);
    expect(columnLiterals([], ['a'])).toEqual(['{}']);
  });
});
