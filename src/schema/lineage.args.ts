/** Argument checks shared by the graph questions (lineage, recall, trace, footprint). */
import { BadUserInputError } from '../errors.js';
import { MAX_LINEAGE_DEPTH } from '../db/lineage.queries.js';

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const MAX_IDENTIFIER_LENGTH = 512;

/**
 * A trimmed identifier argument: an EPC URN or another absolute URI, as the mirror stores them.
 * @throws BadUserInputError naming `field` when the value is empty, too long or not a URI.
 */
export function identifierArg(value: string, field: string): string {
  const id = value.trim();
  if (id.length === 0 || id.length > MAX_IDENTIFIER_LENGTH || !URI.test(id)) {
    throw new BadUserInputError(
      `${field} must be an EPC URN such as urn:epc:id:sgtin:0614141.012345.1 or urn:epc:class:lgtin:0614141.012345.LOT-A (at most ${MAX_IDENTIFIER_LENGTH} characters); GS1 Digital Link URIs are not accepted here`,
      field,
    );
  }
  return id;
}

/**
 * A lineage depth bound.
 * @throws BadUserInputError when outside 1..MAX_LINEAGE_DEPTH.
 */
export function depthArg(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_LINEAGE_DEPTH) {
    throw new BadUserInputError(
      `maxDepth must be an integer from 1 to ${MAX_LINEAGE_DEPTH}; for everything downstream of a lot use recallImpact`,
      'maxDepth',
    );
  }
  return value;
}
