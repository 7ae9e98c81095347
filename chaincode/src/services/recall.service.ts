import type { Caller } from '../contract/caller-identity';
import { isLot } from '../domain/event-subjects';
import { Registry } from '../domain/registry';
import { gtinOf, lotNumberOf } from '../epcis/gs1-keys';
import { normaliseIdentifier } from '../epcis/value-normalisers';
import { ContractError } from '../error-codes';
import { stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type { LotStateRecord, RecallRecord } from '../payload';
import { canonicalJson } from '../util/canonical-json';
import { sha256Hex } from '../util/hash';
import { InputFields } from './input-fields';

/**
 * InitiateRecall: by the organisation owning the lots' product (or, for an unregistered product,
 * the lot's owner). Sets recallId and disposition `recalled` on each lot; units are recalled
 * through their lot, so shipping or dispensing any of them is refused from then on.
 * @throws ContractError INVALID_ARGUMENT, NOT_FOUND, NOT_PRODUCT_OWNER, ALREADY_EXISTS
 */
export async function initiateRecall(
  tx: TxState,
  caller: Caller,
  json: string,
): Promise<RecallRecord> {
  const input: InputFields = InputFields.parse(json, 'InitiateRecall');
  const registry = new Registry(tx);
  const prefixes = await registry.companyPrefixes();
  const lotClasses = [
    ...new Set(
      input.strings('lotClasses').map((value, i) => {
        const id = normaliseIdentifier(value, prefixes);
        if (!('value' in id) || !isLot(id.value))
          input.fail(`lotClasses[${i}]`, 'must be an lgtin class URN or a Digital Link /01/…/10/…');
        return id.value;
      }),
    ),
  ];
  const classification = input.oneOf('classification', ['I', 'II', 'III'] as const);
  const reason = input.string('reason');
  // Deterministic across endorsers: derived from the transaction, never from a clock or RNG.
  const recallId =
    input.optionalString('recallId') ??
    `recall-${sha256Hex(tx.txId + canonicalJson(lotClasses)).slice(0, 24)}`;
  if (await tx.read('recall', stateKeys.recall(recallId))) {
    throw new ContractError('ALREADY_EXISTS', `recall ${recallId} already exists`);
  }
  const lots: LotStateRecord[] = [];
  for (const lotClass of lotClasses) {
    const lot = await tx.read('lot', stateKeys.lot(lotClass));
    const product = await registry.product(gtinOf(lotClass));
    const authority = product?.ownerMsp ?? lot?.ownerMsp;
    if (authority === undefined)
      throw new ContractError(
        'NOT_FOUND',
        `neither the product nor the lot of ${lotClass} is on the ledger`,
      );
    if (authority !== caller.mspId) {
      throw new ContractError(
        'NOT_PRODUCT_OWNER',
        `${lotClass} belongs to ${authority}; ${caller.mspId} cannot recall it`,
      );
    }
    lots.push({
      ...(lot ?? newLot(lotClass, authority, tx.txId)),
      recallId,
      disposition: 'recalled',
      updatedTx: tx.txId,
    });
  }
  const recall: RecallRecord = {
    recallId,
    lotClasses,
    classification,
    reason,
    status: 'open',
    initiatedByMsp: caller.mspId,
    initiatedAt: tx.txTimestamp,
    updatedTx: tx.txId,
  };
  tx.write('recall', stateKeys.recall(recallId), recall);
  for (const lot of lots) tx.write('lot', stateKeys.lot(lot.lotClass), lot);
  return recall;
}

/**
 * CloseRecall: by the initiating organisation. The lots lose their recallId (no open recall) but
 * keep disposition `recalled`: recalled stock stays blocked. Closing a closed recall is a no-op.
 * @throws ContractError NOT_FOUND, NOT_RECORD_OWNER
 */
export async function closeRecall(
  tx: TxState,
  caller: Caller,
  recallId: string,
): Promise<RecallRecord> {
  const recall = await tx.read('recall', stateKeys.recall(recallId));
  if (!recall) throw new ContractError('NOT_FOUND', `recall ${recallId} does not exist`);
  if (recall.initiatedByMsp !== caller.mspId) {
    throw new ContractError(
      'NOT_RECORD_OWNER',
      `recall ${recallId} was initiated by ${recall.initiatedByMsp}; ${caller.mspId} cannot close it`,
    );
  }
  if (recall.status === 'closed') return recall;
  const closed: RecallRecord = {
    ...recall,
    status: 'closed',
    closedAt: tx.txTimestamp,
    updatedTx: tx.txId,
  };
  tx.write('recall', stateKeys.recall(recallId), closed);
  for (const lotClass of recall.lotClasses) {
    const lot = await tx.read('lot', stateKeys.lot(lotClass));
    if (lot?.recallId !== recallId) continue;
    const reopened: LotStateRecord = { ...lot, updatedTx: tx.txId };
    delete reopened.recallId;
    tx.write('lot', stateKeys.lot(lotClass), reopened);
  }
  return closed;
}

// A recall can name a lot the ledger never saw produced (e.g. made before the ledger existed).
function newLot(lotClass: string, ownerMsp: string, txId: string): LotStateRecord {
  return {
    lotClass,
    gtin: gtinOf(lotClass) ?? '',
    lotNumber: lotNumberOf(lotClass) ?? '',
    ownerMsp,
    quantityProduced: 0,
    quantityRemaining: 0,
    unverifiedOrigin: true,
    lastEventId: '',
    updatedTx: txId,
  };
}
