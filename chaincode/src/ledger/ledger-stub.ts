/**
 * The slice of fabric-shim's ChaincodeStub and ClientIdentity the contract uses. Typing the
 * contract against this narrow port keeps the in-memory stub small and makes every ledger call the
 * contract depends on visible in one place.
 */

/** One key/value pair returned by a range scan. */
export interface LedgerKeyValue {
  key: string;
  value: Uint8Array;
}

/** A range-scan iterator, as fabric-shim returns it (the last item may arrive with done=true). */
export interface LedgerIterator {
  next(): Promise<{ value?: LedgerKeyValue | undefined; done?: boolean | undefined }>;
  close(): Promise<void>;
}

/** The world-state and transaction accessors the contract calls. */
export interface LedgerStub {
  getState(key: string): Promise<Uint8Array>;
  putState(key: string, value: Uint8Array): Promise<void>;
  getStateByRange(startKey: string, endKey: string): Promise<LedgerIterator>;
  setEvent(name: string, payload: Uint8Array): void;
  getTxID(): string;
  getTxTimestamp(): { seconds: unknown; nanos: number };
  getFunctionAndParameters(): { fcn: string; params: string[] };
}

/** The identity accessors the contract calls. */
export interface LedgerIdentity {
  getMSPID(): string;
  getID(): string;
}

/** Reads every key/value of a range scan and closes the iterator. */
export async function readRange(
  stub: LedgerStub,
  startKey: string,
  endKey: string,
): Promise<LedgerKeyValue[]> {
  const iterator = await stub.getStateByRange(startKey, endKey);
  const rows: LedgerKeyValue[] = [];
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.value) rows.push({ key: next.value.key, value: next.value.value });
      if (next.done === true || !next.value) break;
    }
  } finally {
    await iterator.close();
  }
  return rows;
}
