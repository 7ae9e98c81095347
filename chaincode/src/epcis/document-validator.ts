import { ContractError } from '../error-codes';
import { toUtcIso } from '../util/time';
import { validateEvent } from './event-validator';
import {
  checkExtensionKey,
  isRecord,
  prefixSet,
  ValidationIssues,
  type EventScope,
} from './validation-scope';

/** One event of a valid document: as submitted, and normalised. */
export interface ValidatedEvent {
  /** 0-based position in eventList. */
  index: number;
  raw: Record<string, unknown>;
  normalised: Record<string, unknown>;
}

const DOCUMENT_FIELDS = new Set([
  '@context',
  'id',
  'type',
  'schemaVersion',
  'creationDate',
  'instanceIdentifier',
  'sender',
  'receiver',
  'epcisHeader',
  'epcisBody',
]);

/** The path of the first string or key in `value` that holds U+0000, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return `${path} (a key)`;
      const found = nulPath(child, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Validates a whole EPCIS 2.0 capture document (EPCISDocument, or an EPCISQueryDocument's result
 * list) before anything is written, and returns its events normalised. Every problem of every event
 * is collected, so the error names each invalid field with its event number.
 * @throws ContractError EPCIS_INVALID
 */
export function validateCaptureDocument(
  documentJson: string,
  companyPrefixes: readonly string[],
): ValidatedEvent[] {
  let document: unknown;
  try {
    document = JSON.parse(documentJson);
  } catch (error) {
    throw new ContractError('EPCIS_INVALID', `document: not JSON (${(error as Error).message})`);
  }
  const nul = nulPath(document, 'document');
  if (nul !== undefined) {
    // No EPCIS field allows it, and PostgreSQL text cannot hold it: refused before anything is written.
    throw new ContractError(
      'EPCIS_INVALID',
      `${nul} contains the character U+0000 (NUL), which no EPCIS field allows; remove it`,
    );
  }
  const issues = new ValidationIssues();
  const docScope: EventScope = { index: -1, prefixes: new Set(), companyPrefixes, issues };
  const documentIssue = (field: string, message: string): void =>
    issues.add(undefined, field, message);
  if (!isRecord(document)) {
    documentIssue('', 'must be a JSON object');
    issues.throwIfAny();
    return [];
  }
  const prefixes = prefixSet(document['@context']);
  if (document['@context'] === undefined)
    documentIssue('@context', 'is required (JSON-LD context)');
  if (document.type !== 'EPCISDocument' && document.type !== 'EPCISQueryDocument') {
    documentIssue('type', 'must be EPCISDocument (or EPCISQueryDocument)');
  }
  if (typeof document.schemaVersion !== 'string' || !/^2(\.\d+)*$/.test(document.schemaVersion)) {
    documentIssue('schemaVersion', 'must be "2.0" (a 2.x version string)');
  }
  if (
    document.type === 'EPCISDocument' &&
    (typeof document.creationDate !== 'string' || toUtcIso(document.creationDate) === undefined)
  ) {
    documentIssue('creationDate', 'must be an ISO 8601 date-time with a time zone');
  }
  for (const key of Object.keys(document)) {
    if (!DOCUMENT_FIELDS.has(key)) checkExtensionKey({ ...docScope, prefixes }, '', key);
  }
  const eventList = eventListOf(document);
  if (!Array.isArray(eventList) || eventList.length === 0) {
    documentIssue('epcisBody.eventList', 'must be a non-empty array of events');
    issues.throwIfAny();
    return [];
  }
  const events: ValidatedEvent[] = [];
  eventList.forEach((raw: unknown, index) => {
    const eventContext = isRecord(raw) ? raw['@context'] : undefined;
    const scope: EventScope = {
      index,
      prefixes: prefixSet(document['@context'], eventContext),
      companyPrefixes,
      issues,
    };
    const normalised = validateEvent(scope, raw);
    if (normalised && isRecord(raw)) events.push({ index, raw, normalised });
  });
  issues.throwIfAny();
  return events;
}

function eventListOf(document: Record<string, unknown>): unknown {
  const body = document.epcisBody;
  if (!isRecord(body)) return undefined;
  if (document.type === 'EPCISQueryDocument') {
    const results = body.queryResults;
    const resultsBody = isRecord(results) ? results.resultsBody : undefined;
    return isRecord(resultsBody) ? resultsBody.eventList : undefined;
  }
  return body.eventList;
}
