/** Checks of list filters shared by every connection: bounded, non-empty, well-formed values. */
import { BadUserInputError } from '../errors.js';
import { identifierArg } from './lineage.args.js';

/** Most alternatives one filter field takes. */
export const MAX_FILTER_VALUES = 100;

/**
 * A list filter value: undefined when absent, else the trimmed values.
 * @throws BadUserInputError naming `field` when the list is empty, too long, or has a blank value.
 */
export function listFilter(
  values: readonly string[] | null | undefined,
  field: string,
): string[] | undefined {
  if (values == null) return undefined;
  if (values.length === 0 || values.length > MAX_FILTER_VALUES) {
    throw new BadUserInputError(
      `${field} takes 1 to ${MAX_FILTER_VALUES} values (got ${values.length}); leave it out to not filter on it`,
      field,
    );
  }
  return values.map((v) => {
    const value = v.trim();
    if (value.length === 0 || value.length > 512) {
      throw new BadUserInputError(
        `${field} values must be non-blank and at most 512 characters`,
        field,
      );
    }
    return value;
  });
}

/**
 * A list of EPC / class / location / party URNs, checked like every identifier argument.
 * @throws BadUserInputError naming `field` for a bad list or a value that is not a URN.
 */
export function urnFilter(
  values: readonly string[] | null | undefined,
  field: string,
): string[] | undefined {
  return listFilter(values, field)?.map((v) => identifierArg(v, field));
}

/**
 * A time range [from, to).
 * @throws BadUserInputError when `to` is not after `from`.
 */
export function timeRange(
  from: Date | null | undefined,
  to: Date | null | undefined,
  field: string,
): { from: Date | null; to: Date | null } {
  if (from != null && to != null && to.getTime() <= from.getTime()) {
    throw new BadUserInputError(`${field}: the end must be after the start`, field);
  }
  return { from: from ?? null, to: to ?? null };
}
