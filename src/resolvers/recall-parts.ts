/** Which parts of a recall an operation selects, read off its selection set (no decorators here). */
import type { GraphQLResolveInfo } from 'graphql';
import { SUMMARY_PARTS, type RecallParts } from '../db/recall.queries.js';
import { selectedFields } from './selection.js';

/**
 * RecallItem fields answered without the item's details (RecallParts.itemDetails); selecting any
 * other field (including one added later) reads the details too. A field listed here must read
 * only STATUS_STATE_COLUMNS: the recall-impact guard test asks every field of this set, over every
 * lot of its story, with and without details and compares.
 */
export const ITEM_FIELDS_WITHOUT_DETAILS: ReadonlySet<string> = new Set([
  '__typename',
  'id',
  'kind',
  'status',
  'disposition',
  'container',
  'topContainer',
  'inTransitToMsp',
  'inTransitToParty',
  'inTransitToLocation',
  'lastEventTime',
  'reachedVia',
]);

/** The parts of the answer the operation selects: the statement computes only those. */
export function partsSelected(info: GraphQLResolveInfo): RecallParts {
  const connection = selectedFields(info, []);
  const summary = selectedFields(info, ['summary']);
  const item = selectedFields(info, ['edges', 'node']);
  return {
    summary: new Set(SUMMARY_PARTS.filter((part) => summary.has(part))),
    page: connection.has('edges') || connection.has('pageInfo'),
    reachedVia: item.has('reachedVia'),
    itemDetails: [...item].some((field) => !ITEM_FIELDS_WITHOUT_DETAILS.has(field)),
  };
}
