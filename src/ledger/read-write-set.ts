/**
 * Reads the public writes out of ChaincodeAction.results (a serialized TxReadWriteSet): what the
 * endorsers simulated and signed, and what the committing peers apply to world state. Reads,
 * range queries and private data hashes are not needed by anything here and are not returned.
 */
import { ledger } from '@hyperledger/fabric-protos';

/** One world-state write of a namespace. */
export interface KvWrite {
  key: string;
  isDelete: boolean;
  value: Uint8Array;
}

/**
 * The writes of `namespace` (a chaincode name) in `results`, in their order there (Fabric sorts
 * them by key); an empty list when the namespace wrote nothing or is absent.
 * @throws Error when the bytes are not a key-value TxReadWriteSet.
 */
export function namespaceWrites(results: Uint8Array, namespace: string): KvWrite[] {
  const set = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
  // The enum knows only KV, but the wire may carry any number.
  const model: number = set.getDataModel();
  if (model !== (ledger.rwset.TxReadWriteSet.DataModel.KV as number))
    throw new Error(`read-write set data model ${model} is not KV`);
  const writes: KvWrite[] = [];
  for (const ns of set.getNsRwsetList()) {
    if (ns.getNamespace() !== namespace) continue;
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
    for (const write of kv.getWritesList()) {
      writes.push({
        key: write.getKey(),
        isDelete: write.getIsDelete(),
        value: write.getValue_asU8(),
      });
    }
  }
  return writes;
}
