import type { EventFacts } from '../domain/event-facts';
import {
  directSubjectsOf,
  lotTouchesOf,
  type DirectSubject,
  type LotTouch,
} from '../domain/event-subjects';
import { appendHistory } from '../domain/history';
import { applyToIdentifier, type ProjectedEvent } from '../domain/identifier-projector';
import { applyToLot } from '../domain/lot-projector';
import type { EventContent } from '../epcis/event-content';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type { HistoryRole, IdentifierStateRecord, LotStateRecord } from '../payload';

/** The pre-event state of everything an event touches. */
export interface WorkingSet {
  direct: DirectSubject[];
  contained: { epc: string; container: string }[];
  identifiers: Map<string, IdentifierStateRecord | undefined>;
  lots: LotTouch[];
  lotStates: Map<string, LotStateRecord | undefined>;
}

/** New states per subject, with the roles the event played for it (one history entry each). */
export interface Effects {
  identifiers: Map<string, { state: IdentifierStateRecord; roles: HistoryRole[] }>;
  lots: Map<string, { state: LotStateRecord; roles: HistoryRole[] }>;
}

/** Loads the states of the identifiers and lots an event names, and of their contents. */
export async function loadWorkingSet(
  tx: TxState,
  content: EventContent,
  facts: EventFacts,
): Promise<WorkingSet> {
  const direct = directSubjectsOf(content);
  const identifiers = new Map<string, IdentifierStateRecord | undefined>();
  const load = async (epc: string): Promise<void> => {
    identifiers.set(epc, await tx.read('identifier', stateKeys.identifier(epc)));
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
  const contained = await containedObjects(tx, direct, identifiers);
  const lots = lotTouchesOf(content, facts.serialLots);
  const lotStates = new Map<string, LotStateRecord | undefined>();
  for (const { lotClass } of lots)
    lotStates.set(lotClass, await tx.read('lot', stateKeys.lot(lotClass)));
  return { direct, contained, identifiers, lots, lotStates };
}

/** Applies the event to every subject of the working set (pure). */
export function projectEffects(
  set: WorkingSet,
  event: ProjectedEvent,
  facts: EventFacts,
  txId: string,
): Effects {
  const effects: Effects = { identifiers: new Map(), lots: new Map() };
  const touched = [
    ...set.direct,
    ...set.contained.map(({ epc }) => ({ epc, role: 'contained' as const })),
  ];
  for (const { epc, role } of touched) {
    const entry = effects.identifiers.get(epc);
    const state = applyToIdentifier(
      entry?.state ?? set.identifiers.get(epc),
      epc,
      event,
      role,
      facts,
      txId,
    );
    effects.identifiers.set(epc, { state, roles: [...(entry?.roles ?? []), role] });
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
  for (const [epc, { state, roles }] of effects.identifiers) {
    for (const role of roles) {
      state.historyCount = appendHistory(
        tx,
        'identifier',
        epc,
        state.historyCount ?? 0,
        eventId,
        role,
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
 * Objects inside the containers an event names (recursively, through `children`), loaded into
 * states. A child whose own parent pointer names another container was re-packed elsewhere and is
 * skipped, so a stale children entry never drags it along.
 */
async function containedObjects(
  tx: TxState,
  direct: readonly DirectSubject[],
  states: Map<string, IdentifierStateRecord | undefined>,
): Promise<{ epc: string; container: string }[]> {
  const found: { epc: string; container: string }[] = [];
  const seen = new Set(direct.map(({ epc }) => epc));
  const queue = direct
    .filter(({ role }) => role !== 'input' && role !== 'output')
    .map(({ epc }) => epc);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of states.get(next)?.children ?? []) {
      if (seen.has(child)) continue;
      const state = await tx.read('identifier', stateKeys.identifier(child));
      if (state?.parent !== next) continue;
      seen.add(child);
      states.set(child, state);
      found.push({ epc: child, container: next });
      queue.push(child);
    }
  }
  return found;
}
