/** Page arguments, their limits, and the opaque cursors of keyset pagination. */
import { createHash } from 'node:crypto';
import { ArgsType, Field, Int } from 'type-graphql';
import type { GroupPaging } from '../db/analytics.queries.js';
import { BadUserInputError } from '../errors.js';

/** Largest page any list returns. */
export const MAX_PAGE_SIZE = 500;
/** Page size when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 50;

/** `first` and `after`, as every connection takes them. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `Page size, 1 to ${MAX_PAGE_SIZE}.`,
  })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string | null;
}

/** A validated page request: size and the decoded position after which it starts. */
export interface PageRequest {
  first: number;
  after: string[] | undefined;
}

/**
 * Checks `first` and decodes `after` for the list named `list` whose keys have `arity` parts.
 * @throws BadUserInputError when first is out of range or after is not a cursor of this list.
 */
export function pageRequest(args: PageArgs, list: string, arity: number): PageRequest {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(
      `first must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${args.first}); fetch more with after: pageInfo.endCursor`,
      'first',
    );
  }
  const after = args.after ?? undefined;
  return {
    first: args.first,
    after: after === undefined ? undefined : decodeCursor(after, list, arity),
  };
}

/** The cursor of a row at key `parts` in the list named `list`. */
export function encodeCursor(list: string, parts: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...parts]), 'utf8').toString('base64url');
}

/**
 * The key parts of `cursor`, a cursor of the list named `list` with `arity` parts.
 * @throws BadUserInputError naming `after` for anything else.
 */
export function decodeCursor(cursor: string, list: string, arity: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    !Array.isArray(value) ||
    value.length !== arity + 1 ||
    value[0] !== list ||
    !value.every((v): v is string => typeof v === 'string')
  ) {
    throw new BadUserInputError(
      `after is not a cursor of ${list}; pass pageInfo.endCursor from a previous page of the same field`,
      'after',
    );
  }
  return value.slice(1);
}

/**
 * The list name a grouped list's cursors carry: `list` and a digest of the question (group keys,
 * filter, …), so that a position from one question is refused by another instead of landing in
 * unrelated rows. Input objects come from GraphQL coercion in schema order, so one question gives
 * one digest whatever order the client wrote it in.
 */
export function groupListName(list: string, question: object): string {
  const digest = createHash('sha256').update(JSON.stringify(question)).digest('base64url');
  return `${list}:${digest.slice(0, 16)}`;
}

/** Offset paging of grouped rows (roll-ups have no natural key to page on). */
export type { GroupPaging };

/**
 * Checks `first` and decodes `after` as a position in a grouped list named `list`.
 * @throws BadUserInputError when first is out of range or after is not a cursor of this list.
 */
export function groupPaging(args: PageArgs, list: string): GroupPaging {
  const { first, after } = pageRequest(args, list, 1);
  const offset = after === undefined ? 0 : Number(after[0]);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new BadUserInputError(
      `after is not a cursor of ${list}; pass pageInfo.endCursor`,
      'after',
    );
  }
  return { first, offset };
}
