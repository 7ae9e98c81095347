import { type CbvVocabulary, MEASUREMENT_TYPES } from './cbv-vocabulary';
import { digitalLinkToUrn } from './digital-link';
import { checkEpcUrn } from './gs1-keys';

/** A normalised value, or the reason the input is invalid (worded to follow `field "x" `). */
export type Normalised = { value: string } | { error: string };

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const CBV_WEB =
  /^(?:https?:\/\/(?:ref\.gs1\.org\/cbv|ns\.gs1\.org\/cbv|gs1\.org\/voc)\/|cbv:)(.+)$/;

/** True for an absolute URI (a scheme, a colon, no whitespace); CURIEs pass too. */
export function isUri(value: unknown): value is string {
  return typeof value === 'string' && URI.test(value);
}

/**
 * Normalises a CBV term to its short name. Bare words must be CBV terms; URIs in the CBV
 * namespaces (urn:epcglobal:cbv:…, https://ref.gs1.org/cbv/…) must name a term of this vocabulary;
 * any other URI is a custom value and kept as is.
 */
export function normaliseCbv(value: unknown, vocabulary: CbvVocabulary): Normalised {
  if (typeof value !== 'string' || value.length === 0)
    return { error: 'must be a non-empty string' };
  if (vocabulary.terms.has(value)) return { value };
  const term = cbvTerm(value, vocabulary);
  if (term !== undefined) {
    return vocabulary.terms.has(term)
      ? { value: term }
      : { error: `names "${term}", which is not a ${vocabulary.label}` };
  }
  if (isUri(value)) return { value };
  return {
    error: `must be a ${vocabulary.label} or a URI (custom values must be full URIs), got "${String(value)}"`,
  };
}

function cbvTerm(value: string, vocabulary: CbvVocabulary): string | undefined {
  if (value.toLowerCase().startsWith(vocabulary.urnPrefix))
    return value.slice(vocabulary.urnPrefix.length);
  const web = CBV_WEB.exec(value)?.[1];
  return web?.startsWith(vocabulary.webPrefix) === true
    ? web.slice(vocabulary.webPrefix.length)
    : undefined;
}

/**
 * Normalises a sensor measurement type: a GS1 term (bare or gs1:/web form) becomes the bare term,
 * a URI stays. Accepted deviation: an unknown bare UpperCamelCase word (EffectiveDoseRate,
 * Molar_concentration in the fixtures) is kept as is, because measurement types only describe
 * readings and never drive custody rules.
 */
export function normaliseMeasurementType(value: unknown): Normalised {
  if (typeof value !== 'string' || value.length === 0)
    return { error: 'must be a non-empty string' };
  const term = value.replace(/^(?:gs1:|https?:\/\/(?:www\.)?gs1\.org\/voc\/)/, '');
  if (MEASUREMENT_TYPES.has(term)) return { value: term };
  if (isUri(value)) return { value };
  if (/^[A-Z][A-Za-z0-9_]*$/.test(value)) return { value };
  return { error: `must be a GS1 measurement type or a URI, got "${String(value)}"` };
}

/**
 * Normalises an identifier: EPC URNs are checked (for the schemes the contract reasons about) and
 * kept; GS1 Digital Links become EPC URNs; other URIs are kept as opaque identifiers.
 */
export function normaliseIdentifier(
  value: unknown,
  companyPrefixes: readonly string[],
): Normalised {
  if (!isUri(value)) return { error: 'must be a URI (EPC URN or GS1 Digital Link)' };
  if (value.startsWith('urn:epc:')) {
    const problem = checkEpcUrn(value);
    return problem === undefined ? { value } : { error: `${problem}: "${value}"` };
  }
  const converted = digitalLinkToUrn(value, companyPrefixes);
  if (converted === undefined) return { value };
  return 'urn' in converted
    ? { value: converted.urn }
    : { error: `${converted.error}: "${value}"` };
}
