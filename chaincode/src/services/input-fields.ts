import { ContractError } from '../error-codes';

/**
 * Parsing of the JSON arguments of the non-EPCIS transactions. Every problem is an
 * INVALID_ARGUMENT naming the field, so callers can fix their input from the message alone.
 */
export class InputFields {
  private constructor(
    private readonly what: string,
    readonly values: Record<string, unknown>,
  ) {}

  /**
   * Parses a JSON object argument.
   * @throws ContractError INVALID_ARGUMENT
   */
  static parse(json: string, what: string): InputFields {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      throw new ContractError('INVALID_ARGUMENT', `${what}: argument is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ContractError('INVALID_ARGUMENT', `${what}: argument must be a JSON object`);
    }
    return new InputFields(what, value as Record<string, unknown>);
  }

  /** Throws INVALID_ARGUMENT naming the field. */
  fail(field: string, message: string): never {
    throw new ContractError('INVALID_ARGUMENT', `${this.what}: field "${field}" ${message}`);
  }

  /** A required non-empty string. */
  string(field: string): string {
    const value = this.values[field];
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(field, 'must be a non-empty string');
    return value;
  }

  /** An optional string (undefined when absent). */
  optionalString(field: string): string | undefined {
    return this.values[field] === undefined ? undefined : this.string(field);
  }

  /** A required finite number within [min, max]; exclusiveMin makes min itself invalid. */
  number(
    field: string,
    range: { min?: number; max?: number; exclusiveMin?: boolean } = {},
  ): number {
    const value = this.values[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'must be a number');
    const { min, max, exclusiveMin = false } = range;
    if (min !== undefined && (value < min || (exclusiveMin && value === min))) {
      this.fail(field, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`);
    }
    if (max !== undefined && value > max) this.fail(field, `must be at most ${max}`);
    return value;
  }

  /** An optional number within range. */
  optionalNumber(
    field: string,
    range: { min?: number; max?: number; exclusiveMin?: boolean } = {},
  ): number | undefined {
    return this.values[field] === undefined ? undefined : this.number(field, range);
  }

  /** A required array of non-empty strings (at least one unless allowEmpty). */
  strings(field: string, allowEmpty = false): string[] {
    const value = this.values[field];
    if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
      this.fail(
        field,
        allowEmpty ? 'must be an array of strings' : 'must be a non-empty array of strings',
      );
    }
    return value.map((item, i) => {
      if (typeof item !== 'string' || item.trim() === '')
        this.fail(`${field}[${i}]`, 'must be a non-empty string');
      return item;
    });
  }

  /** A required string from a fixed set. */
  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.values[field];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }
}
