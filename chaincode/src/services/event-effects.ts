import type { EventFacts } from '../domain/event-facts';
import {
  directSubjectsOf,
  lotTouchesOf,
  type DirectSubject,
  type LotTouch,
} from '../domain/event-subjects';
import { effectiveState, type CustodySnapshot } from '../domain/containment';
import { appendHistory } from '../domain/history';
import { applyToIdentifier, type ProjectedEvent } from '../domain/identifier-projector';
import { applyToLot } from '../domain/lot-projector';
import type { EventContent } from '../epcis/event-content';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type { HistoryRole, IdentifierStateRecord, LotStateRecord } from '../payload';

/** An object inside one of the event's direct subjects, with its own stored state. */
export interface ContainedObject {
  epc: string;
  container: string;
  state: IdentifierStateRecord;
}

/** The pre-event state of everything an event touches. */
export interface WorkingSet {
  direct: DirectSubject[];
  /** Contents of the direct subjects, loaded only when a custody rule looks at them. */
  contained: ContainedObject[];
  /** Effective states of the direct subjects (custody resolved through their containers). */
  identifiers: Map<string, IdentifierStateRecord | undefined>;
  /** Custody a direct subject took from its container, recorded in its history entry. */
  inherited: Map<string, CustodySnapshot>;
  lots: LotTouch[];
  lotStates: Map<string, LotStateRecord | undefined>;
}

/** One history entry to write: the role played, and custody inherited before applying it. */
export interface HistoryStepOut {
  role: HistoryRole;
  inherited?: CustodySnapshot;
}

/** New states per subject, with the roles the event played for it (one history entry each). */
export interface Effects {
  identifiers: Map<string, { state: IdentifierStateRecord; steps: HistoryStepOut[] }>;
  lots: Map<string, { state: LotStateRecord; roles: HistoryRole[] }>;
}

/**
 * Loads the effective states of the identifiers and the lots an event names. Contents of named
 * containers are read only for shipping and dispensing, whose rules refuse a container holding a
 * recalled or destroyed object; they are never written (see domain/containment.ts).
 */
export async function loadWorkingSet(
  tx: TxState,
  content: EventContent,
  facts: EventFacts,
  ops: { shipping: boolean; dispensing: boolean },
): Promise<WorkingSet> {
  const direct = directSubjectsOf(content);
  const identifiers = new Map<string, IdentifierStateRecord | undefined>();
  const inherited = new Map<string, CustodySnapshot>();
  const read = (epc: string): Promise<IdentifierStateRecord | undefined> =>
    tx.read('identifier', stateKeys.identifier(epc));
  const load = async (epc: string): Promise<void> => {
    if (identifiers.has(epc)) return;
    const stored = await read(epc);
    if (stored === undefined) {
      identifiers.set(epc, undefined);
      return;
    }
    const effective = await effectiveState(stored, read);
    identifiers.set(epc, effective.state);
    if (effective.inherited !== undefined) inherited.set(epc, effective.inherited);
  };
  for (const { epc } of direct) await load(epc);
  if (
    content.type === 'AggregationEvent' &&
    content.action === 'DELETE' &&
    content.childEpcs.length === 0
  ) {
    // Unpacking without a child list empties the container: its current children are unpacked.
    for (const child of identifiers.get(content.parentId ?? '')?.children ?? []) {
      direct.push({ epc: child, role: 'child' });
      await load(child);
    }
  }
  const contained =
    ops.shipping || ops.dispensing ? await containedObjects(read, direct, identifiers) : [];
  const lots = lotTouchesOf(content, facts.serialLots);
  const lotStates = new Map<string, LotStateRecord | undefined>();
  for (const { lotClass } of lots)
    lotStates.set(lotClass, await tx.read('lot', stateKeys.lot(lotClass)));
  return { direct, contained, identifiers, inherited, lots, lotStates };
}

/** Applies the event to every subject of the working set (pure). */
export function projectEffects(
  set: WorkingSet,
  event: ProjectedEvent,
  facts: EventFacts,
  txId: string,
): Effects {
  const effects: Effects = { identifiers: new Map(), lots: new Map() };
  for (const { epc, role } of set.direct) {
    const entry = effects.identifiers.get(epc);
    const state = applyToIdentifier(
      entry?.state ?? set.identifiers.get(epc),
      epc,
      event,
      role,
      facts,
      txId,
    );
    // Inherited custody is recorded once, on the first entry, so a replay can apply it again.
    const inherited = entry === undefined ? set.inherited.get(epc) : undefined;
    const step: HistoryStepOut = inherited === undefined ? { role } : { role, inherited };
    effects.identifiers.set(epc, { state, steps: [...(entry?.steps ?? []), step] });
  }
  for (const touch of set.lots) {
    const entry = effects.lots.get(touch.lotClass);
    const state = applyToLot(
      entry?.state ?? set.lotStates.get(touch.lotClass),
      touch,
      event,
      facts,
      txId,
    );
    effects.lots.set(touch.lotClass, { state, roles: [...(entry?.roles ?? []), touch.role] });
  }
  return effects;
}

/** Identifiers and lots the ledger had never seen and whose origin the event does not vouch for. */
export function unverifiedOf(set: WorkingSet, effects: Effects): string[] {
  return [
    ...[...effects.identifiers].filter(
      ([epc, { state }]) => set.identifiers.get(epc) === undefined && state.unverifiedOrigin,
    ),
    ...[...effects.lots].filter(
      ([lotClass, { state }]) =>
        set.lotStates.get(lotClass) === undefined && state.unverifiedOrigin,
    ),
  ].map(([id]) => id);
}

/** Writes the new states, each after its history entries. */
export function writeEffects(tx: TxState, eventId: string, effects: Effects): void {
  for (const [epc, { state, steps }] of effects.identifiers) {
    for (const { role, inherited } of steps) {
      state.historyCount = appendHistory(
        tx,
        'identifier',
        epc,
        state.historyCount ?? 0,
        eventId,
        role,
        inherited,
      );
    }
    tx.write('identifier', stateKeys.identifier(epc), state);
  }
  for (const [lotClass, { state, roles }] of effects.lots) {
    for (const role of roles) {
      state.historyCount = appendHistory(
        tx,
        'lot',
        lotClass,
        state.historyCount ?? 0,
        eventId,
        role,
      );
    }
    tx.write('lot', stateKeys.lot(lotClass), state);
  }
}

/**
 * Objects inside the containers an event names (recursively, through `children`), with their own
 * stored states. A child whose own parent pointer names another container was re-packed
 * elsewhere and is skipped, so a stale children entry never drags it along.
 */
async function containedObjects(
  read: (epc: string) => Promise<IdentifierStateRecord | undefined>,
  direct: readonly DirectSubject[],
  states: ReadonlyMap<string, IdentifierStateRecord | undefined>,
): Promise<ContainedObject[]> {
  const found: ContainedObject[] = [];
  const children = new Map<string, readonly string[]>();
  for (const [epc, state] of states) children.set(epc, state?.children ?? []);
  const seen = new Set(direct.map(({ epc }) => epc));
  const queue = direct
    .filter(({ role }) => role !== 'input' && role !== 'output')
    .map(({ epc }) => epc);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (seen.has(child)) continue;
      const state = await read(child);
      if (state?.parent !== next) continue;
      seen.add(child);
      children.set(child, state.children ?? []);
      found.push({ epc: child, container: next, state });
      queue.push(child);
    }
  }
  return found;
}
