import { Context } from 'fabric-contract-api';
import type { TxState } from '../ledger/tx-state';

/** The transaction context: fabric-contract-api's, plus the transaction's state writer. */
export class ProvenanceContext extends Context {
  /** Set in beforeTransaction; flushed in afterTransaction. */
  tx: TxState | undefined;
}
