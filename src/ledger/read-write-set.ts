/**
 * Reads ChaincodeAction.results (a serialized TxReadWriteSet): what the endorsers simulated and
 * signed, and what the committing peers apply to world state. Per namespace: the public writes,
 * and how many key-level metadata writes and private-data collections it carries (which our
 * contract never makes, so a proof only needs to know whether there are any). Reads and range
 * queries are not returned.
 */
import { ledger } from '@hyperledger/fabric-protos';

/** One public world-state write. */
export interface KvWrite {
  key: string;
  /** A delete: flagged so, or (as Fabric's rwsetutil.IsKVWriteDelete has it) an empty value. */
  isDelete: boolean;
  value: Uint8Array;
}

/** What one namespace (a chaincode, or a system namespace such as _lifecycle) changes. */
export interface NamespaceChanges {
  namespace: string;
  writes: KvWrite[];
  /** Key-level metadata writes (state-based endorsement policies). */
  metadataWrites: number;
  /** Private-data collections with hashed reads or writes. */
  collections: number;
}

/**
 * The namespaces of `results`, in their order there (Fabric sorts namespaces and keys).
 * @throws Error when the bytes are not a key-value TxReadWriteSet.
 */
export function readWriteSetChanges(results: Uint8Array): NamespaceChanges[] {
  const set = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
  // The enum knows only KV, but the wire may carry any number.
  const model: number = set.getDataModel();
  if (model !== (ledger.rwset.TxReadWriteSet.DataModel.KV as number))
    throw new Error(`read-write set data model ${model} is not KV`);
  return set.getNsRwsetList().map((ns) => {
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
    return {
      namespace: ns.getNamespace(),
      writes: kv.getWritesList().map((write) => {
        const value = write.getValue_asU8();
        return { key: write.getKey(), isDelete: write.getIsDelete() || value.length === 0, value };
      }),
      metadataWrites: kv.getMetadataWritesList().length,
      collections: ns.getCollectionHashedRwsetList().length,
    };
  });
}
