import type { IdentifierStateRecord } from '../payload';

/**
 * Containment is resolved lazily. An event on a container writes the container's state only: the
 * objects inside keep their stored records, and their custody is read through the container when
 * it is needed. Shipping a pallet of 1,920 units is then one state write, not 1,961 (plus as many
 * history entries), which keeps Fabric write sets, blocks and MVCC read-write conflicts small.
 *
 * The rule, shared with the mirror (see the identifier_current_state view): walk the `parent`
 * pointers from an object to its outermost container; the member of that chain whose last event
 * is the latest, the outer one on a tie, supplies the custody fields. An object's own event
 * while contained is applied on top of the inherited custody, so its record is then the latest.
 */

/** The fields an object takes from its container while it is inside it. */
export const CUSTODY_FIELDS = [
  'ownerMsp',
  'ownerParty',
  'possessorParty',
  'location',
  'disposition',
  'inTransitTo',
] as const;

/** The custody fields of a state, as inherited from a container. */
export type CustodySnapshot = Pick<IdentifierStateRecord, (typeof CUSTODY_FIELDS)[number]>;

/** Parent hops followed (unit → case → pallet → container → vessel); the mirror's view follows as many. */
export const MAX_CONTAINMENT_DEPTH = 4;

/** Reads an identifier's stored state. */
export type StateReader = (epc: string) => Promise<IdentifierStateRecord | undefined>;

/** An object's effective state, and the custody it took from a container (when it did). */
export interface EffectiveState {
  state: IdentifierStateRecord;
  inherited?: CustodySnapshot;
}

const timeOf = (state: IdentifierStateRecord): number => Date.parse(state.lastEventTime) || 0;

/** The custody fields of `state` (absent fields stay absent). */
export function custodyOf(state: IdentifierStateRecord): CustodySnapshot {
  const snapshot: CustodySnapshot = {};
  for (const field of CUSTODY_FIELDS) {
    if (state[field] !== undefined) Object.assign(snapshot, { [field]: state[field] });
  }
  return snapshot;
}

/** `state` with its custody fields replaced by `custody` (fields `custody` lacks are removed). */
export function withCustody(
  state: IdentifierStateRecord,
  custody: CustodySnapshot,
): IdentifierStateRecord {
  const custodyFields: ReadonlySet<string> = new Set(CUSTODY_FIELDS);
  // Rebuilt without the custody keys: a key set to undefined would survive a later spread.
  const rest = Object.entries(state).filter(([field]) => !custodyFields.has(field));
  return { ...(Object.fromEntries(rest) as unknown as IdentifierStateRecord), ...custody };
}

/**
 * Resolves an object's custody through its containers. Returns the stored state unchanged when
 * the object is not contained or its own last event is the latest of the chain.
 */
export async function effectiveState(
  state: IdentifierStateRecord,
  read: StateReader,
): Promise<EffectiveState> {
  let latest = state;
  const seen = new Set([state.epc]);
  let parent = state.parent;
  for (let depth = 0; parent !== undefined && depth < MAX_CONTAINMENT_DEPTH; depth += 1) {
    if (seen.has(parent)) break;
    seen.add(parent);
    const container = await read(parent);
    if (container === undefined) break;
    if (timeOf(container) >= timeOf(latest)) latest = container;
    parent = container.parent;
  }
  if (latest === state) return { state };
  const inherited = custodyOf(latest);
  return { state: withCustody(state, inherited), inherited };
}
