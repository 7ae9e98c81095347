import type { TxState } from '../ledger/tx-state';
import type { EpcisEventRecord, HistoryEntryRecord } from '../payload';
import { MAX_CONTAINMENT_DEPTH } from './containment';
import { readHistory } from './history';

/** One entry of an identifier's history, its own or one of a container it was inside. */
export interface HistoryItem {
  entry: HistoryEntryRecord;
  event: EpcisEventRecord | undefined;
  /** The container whose entry this is, when the identifier was inside it at the time. */
  via?: string;
}

/** A stretch of time an identifier spent inside one container. */
interface ContainmentPeriod {
  container: string;
  from: number;
  /** Time of the unpacking event; undefined while still inside. */
  to?: number;
}

const timeOf = (event: EpcisEventRecord | undefined): number =>
  event === undefined ? 0 : Date.parse(event.eventTime) || 0;

/** The periods an identifier spent in containers, from its own packing and unpacking entries. */
function periodsOf(items: readonly HistoryItem[]): ContainmentPeriod[] {
  const periods: ContainmentPeriod[] = [];
  let open: ContainmentPeriod | undefined;
  for (const { entry, event } of items) {
    if (event === undefined || event.errorDeclaration !== undefined) continue;
    if (entry.role !== 'child' || event.type !== 'AggregationEvent') continue;
    if (event.action === 'ADD' && event.parentId !== undefined) {
      if (open !== undefined) open.to = timeOf(event);
      open = { container: event.parentId, from: timeOf(event) };
      periods.push(open);
    } else if (event.action === 'DELETE' && open !== undefined) {
      if (event.parentId === undefined || event.parentId === open.container) {
        open.to = timeOf(event);
        open = undefined;
      }
    }
  }
  return periods;
}

/**
 * An identifier's history with its containers' events woven in: while a unit sat in a case on a
 * pallet, the pallet's shipping and receiving are part of the unit's story. Containment is lazy
 * (domain/containment.ts), so those events are recorded on the containers only; this reads them
 * back for each period the identifier spent inside, recursively, in event-time order.
 */
export async function historyWithContainers(
  tx: TxState,
  subject: string,
  depth = 0,
  window: { from: number; to?: number } = { from: -Infinity },
): Promise<HistoryItem[]> {
  const own: HistoryItem[] = await readHistory(tx, 'identifier', subject);
  const inWindow = (item: HistoryItem): boolean => {
    const time = timeOf(item.event);
    return time >= window.from && (window.to === undefined || time < window.to);
  };
  const items = depth === 0 ? own : own.filter(inWindow);
  if (depth >= MAX_CONTAINMENT_DEPTH) return items;
  const merged = [...items];
  const seen = new Set(items.map(({ entry }) => entry.eventId));
  for (const period of periodsOf(own)) {
    const from = Math.max(period.from, window.from);
    const to = Math.min(period.to ?? Infinity, window.to ?? Infinity);
    if (from > to) continue;
    const span = to === Infinity ? { from } : { from, to };
    for (const item of await historyWithContainers(tx, period.container, depth + 1, span)) {
      if (seen.has(item.entry.eventId)) continue;
      seen.add(item.entry.eventId);
      merged.push({ ...item, via: item.via ?? period.container });
    }
  }
  // Stable: own entries keep capture order among equal times.
  return merged
    .map((item, index) => ({ item, index }))
    .sort((a, b) => timeOf(a.item.event) - timeOf(b.item.event) || a.index - b.index)
    .map(({ item }) => item);
}
