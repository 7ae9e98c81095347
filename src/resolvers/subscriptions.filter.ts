/**
 * The in-memory twin of the events query's conditions, for subscriptions: the publisher pushes
 * each new event once, and every subscriber keeps only those its filter matches.
 */
import {
  EPC_ROLES,
  type EventIdentifierRow,
  type EventQuery,
  type EventRow,
} from '../db/events.queries.js';
import { cbvShortName } from '../indexer/cbv.js';

/** What the publisher pushes on EVENT_CAPTURED: the event and the identifiers it names. */
export interface EventCapturedPayload {
  event: EventRow;
  identifiers: EventIdentifierRow[];
}

const within = (values: readonly string[] | null | undefined, value: string | null): boolean =>
  values == null || (value !== null && values.includes(value));

function names(
  payload: EventCapturedPayload,
  ids: readonly string[] | null | undefined,
  roles: readonly string[],
  classes: boolean,
): boolean {
  if (ids == null) return true;
  return payload.identifiers.some(
    (i) => i.isClass === classes && roles.includes(i.role) && ids.includes(i.identifier),
  );
}

/** True when the event meets every condition of `q` a subscription filter can set. */
export function matchesEvent(payload: EventCapturedPayload, q: EventQuery): boolean {
  const e = payload.event;
  const short = (values: readonly string[] | null | undefined) =>
    values?.map((v) => cbvShortName(v) ?? v);
  return (
    names(payload, q.epc, EPC_ROLES.epc, false) &&
    names(payload, q.anyEPC, EPC_ROLES.anyEPC, false) &&
    names(payload, q.affectedEPC, EPC_ROLES.affectedEPC, false) &&
    names(payload, q.anyEPCClass, EPC_ROLES.affectedEPC, true) &&
    within(short(q.bizStep), e.bizStep) &&
    within(short(q.disposition), e.disposition) &&
    within(q.eventType, e.eventType) &&
    within(q.parentId, e.parentId) &&
    within(q.capturedByMsp, e.capturedByMsp) &&
    (q.location == null || within(q.location, e.bizLocation) || within(q.location, e.readPoint))
  );
}
