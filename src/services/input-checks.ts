/**
 * Field checks for mutation inputs. They exist for good error messages before a round trip to the
 * ledger; the contract re-validates everything and stays the authority. Every failure is a
 * BadUserInputError naming the field as the client wrote it (e.g. `input.lotClasses[1]`).
 */
import { BadUserInputError } from '../errors.js';

/** A required non-empty string. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadUserInputError(`${field} must be a non-empty string`, field);
  }
  return value;
}

/** An optional string: undefined for absent or null, else it must be non-empty. */
export function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requireText(value, field);
}

/** Bounds for a number. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** When true, `min` itself is out of range. */
  exclusiveMin?: boolean;
}

/** A required finite number within `range`. */
export function requireNumber(value: unknown, field: string, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BadUserInputError(`${field} must be a finite number`, field);
  }
  const { min, max, exclusiveMin = false } = range;
  if (min !== undefined && (value < min || (exclusiveMin && value === min))) {
    throw new BadUserInputError(
      `${field} must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`,
      field,
    );
  }
  if (max !== undefined && value > max) {
    throw new BadUserInputError(`${field} must be at most ${max}`, field);
  }
  return value;
}

/** An optional number within `range`. */
export function optionalNumber(
  value: unknown,
  field: string,
  range: NumberRange = {},
): number | undefined {
  return value === undefined || value === null ? undefined : requireNumber(value, field, range);
}

/** A required value from a fixed set. */
export function requireOneOf<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new BadUserInputError(`${field} must be one of ${allowed.join(', ')}`, field);
  }
  return value as T;
}

/** A required non-empty list of non-empty strings, duplicates removed. */
export function requireTextList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadUserInputError(`${field} must be a non-empty list of strings`, field);
  }
  return [...new Set(value.map((item, i) => requireText(item, `${field}[${i}]`)))];
}

/** True when `digits` (8, 12, 13 or 14 of them) end in a valid GS1 mod-10 check digit. */
export function isGtin(digits: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(digits)) return false;
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Weights 3,1,3,… counted from the digit next to the check digit.
    const weight = (body.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(body[i]) * weight;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** A JSON object (not an array or null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined and null members, so the contract sees absent optional fields as absent. */
export function compact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== null),
  );
}
