import { ContractError } from '../error-codes';
import { STANDARD_CONTEXT_PREFIXES } from './cbv-vocabulary';

const MAX_REPORTED_ISSUES = 25;

/** Collects validation problems of a whole document so one error can name all of them. */
export class ValidationIssues {
  private readonly messages: string[] = [];
  private total = 0;

  /** Records a problem; event is the 0-based position in eventList (reported 1-based). */
  add(event: number | undefined, field: string, message: string): void {
    this.total += 1;
    if (this.messages.length >= MAX_REPORTED_ISSUES) return;
    const where = event === undefined ? 'document' : `event ${event + 1}`;
    this.messages.push(`${where}: field "${field}" ${message}`);
  }

  /** Number of problems recorded. */
  get count(): number {
    return this.total;
  }

  /**
   * Throws one EPCIS_INVALID error listing the problems, if there are any.
   * @throws ContractError EPCIS_INVALID
   */
  throwIfAny(): void {
    if (this.total === 0) return;
    const more =
      this.total > this.messages.length ? `; … ${this.total - this.messages.length} more` : '';
    const head = this.total === 1 ? '' : `${this.total} problems: `;
    throw new ContractError('EPCIS_INVALID', `${head}${this.messages.join('; ')}${more}`);
  }
}

/** What validating one event needs: where it is, which prefixes are declared, where issues go. */
export interface EventScope {
  /** 0-based position in eventList. */
  index: number;
  /** Prefixes declared in the document's and the event's @context, plus the standard ones. */
  prefixes: ReadonlySet<string>;
  /** Registered company prefixes, for Digital Link conversion. */
  companyPrefixes: readonly string[];
  issues: ValidationIssues;
}

/** Records a problem with a field of the event in scope. */
export function report(scope: EventScope, field: string, message: string): void {
  scope.issues.add(scope.index, field, message);
}

/** The prefixes a JSON-LD @context value declares (term → IRI string entries). */
export function declaredPrefixes(context: unknown): string[] {
  const entries = Array.isArray(context) ? context : [context];
  const prefixes: string[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    for (const [term, iri] of Object.entries(entry)) {
      if (!term.startsWith('@') && typeof iri === 'string') prefixes.push(term);
    }
  }
  return prefixes;
}

/** The standard prefixes plus those declared by the given contexts. */
export function prefixSet(...contexts: unknown[]): Set<string> {
  return new Set([...STANDARD_CONTEXT_PREFIXES, ...contexts.flatMap(declaredPrefixes)]);
}

/**
 * Checks that a key not defined by EPCIS is a user extension: a full URI, or a CURIE whose prefix
 * is declared in @context. Reports and returns false otherwise.
 */
export function checkExtensionKey(scope: EventScope, path: string, key: string): boolean {
  const field = path === '' ? key : `${path}.${key}`;
  if (key.includes('://') || key.startsWith('urn:')) return true;
  const prefix = /^([A-Za-z_][\w.-]*):\S+$/.exec(key)?.[1];
  if (prefix === undefined) {
    report(
      scope,
      field,
      'is not an EPCIS field; user extensions must be namespaced (prefix:name or a URI)',
    );
    return false;
  }
  if (!scope.prefixes.has(prefix)) {
    report(scope, field, `uses prefix "${prefix}", which no @context declares`);
    return false;
  }
  return true;
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Records a problem and returns undefined, for validators that return the normalised value (typed
 * unknown, like their results, so that `return invalid(…)` reads as one statement).
 */
export function invalid(scope: EventScope, field: string, message: string): unknown {
  report(scope, field, message);
  return undefined;
}
