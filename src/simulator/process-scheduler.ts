/**
 * A small process-based discrete-event scheduler. A process is a generator that yields the
 * simulated time at which it wants to continue; the scheduler resumes processes in (time, spawn
 * order) order, so the whole run emits events in time order while many lots are in flight, and
 * memory holds only the waiting processes, never the events.
 */

/** A simulated activity: yields the absolute time (epoch ms) at which to resume it. */
export type Process = Generator<number, void, void>;

/** What a process belongs to; cancelling it drops the process at its next wake-up. */
export interface ProcessOwner {
  cancelled: boolean;
}

interface Entry {
  time: number;
  seq: number;
  process: Process | (() => void);
  owner: ProcessOwner | undefined;
}

/** Runs processes in time order; ties go to the process scheduled first, for determinism. */
export class ProcessScheduler {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private current = Number.NEGATIVE_INFINITY;

  /** The time of the process being resumed (or last resumed). */
  get now(): number {
    return this.current;
  }

  /** Number of processes waiting. */
  get waiting(): number {
    return this.heap.length;
  }

  /**
   * Starts a process at `time`: its code up to the first yield runs then.
   * @throws RangeError when `time` lies before the current simulated time.
   */
  spawn(process: Process, time: number, owner?: ProcessOwner): void {
    this.push({ time, seq: this.seq++, process, owner });
  }

  /**
   * Runs a one-off action at `time` (an instantaneous process).
   * @throws RangeError when `time` lies before the current simulated time.
   */
  at(time: number, action: () => void, owner?: ProcessOwner): void {
    this.push({ time, seq: this.seq++, process: action, owner });
  }

  /** Resumes the earliest waiting process; false when none is left. */
  step(): boolean {
    const entry = this.pop();
    if (!entry) return false;
    const process = entry.process;
    if (entry.owner?.cancelled) {
      if (typeof process !== 'function') process.return();
      return true;
    }
    this.current = entry.time;
    if (typeof process === 'function') {
      process();
      return true;
    }
    const result = process.next();
    if (!result.done) {
      this.push({ time: result.value, seq: this.seq++, process, owner: entry.owner });
    }
    return true;
  }

  private push(entry: Entry): void {
    // Going back in time would reorder events against custody; that is a simulator bug.
    if (!(entry.time >= this.current)) {
      throw new RangeError(`process scheduled in the past: ${entry.time} < ${this.current}`);
    }
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!before(heap[child] as Entry, last)) break;
      heap[i] = heap[child] as Entry;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
