import { Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { TxState } from '../ledger/tx-state';
import { captureEvents } from '../services/capture.service';
import {
  registerLocation,
  registerOrganization,
  registerProduct,
} from '../services/master-data.service';
import {
  getEvent,
  getHistory,
  getIdentifierState,
  getLotState,
  getRecall,
} from '../services/query.service';
import { closeRecall, initiateRecall } from '../services/recall.service';
import { recordEmission, submitProductFootprint } from '../services/sustainability.service';
import { canonicalJson } from '../util/canonical-json';
import { callerOf } from './caller-identity';
import { ProvenanceContext } from './provenance-context';

/** Name under which the contract is deployed; it is also the default contract of the chaincode. */
export const CONTRACT_NAME = 'provenance';

/**
 * The supply-chain contract. Transactions are thin: parse, call one service, answer with
 * deterministic JSON (endorsing peers must return identical bytes). State is written only through
 * the TxState created in beforeTransaction and flushed, with the one chaincode event, in
 * afterTransaction. @Param sits above @Transaction so that the parameter metadata survives
 * transpilers that emit no decorator metadata (esbuild, used by vitest).
 */
@Info({
  title: 'fabric-provenance',
  description: 'EPCIS 2.0 capture with custody rules, master data, recalls, footprints',
})
export class ProvenanceContract extends Contract {
  constructor() {
    super(CONTRACT_NAME);
  }

  override createContext(): ProvenanceContext {
    return new ProvenanceContext();
  }

  override beforeTransaction(ctx: ProvenanceContext): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    // fcn may be qualified as "provenance:CaptureEvents".
    const name = fcn.slice(fcn.lastIndexOf(':') + 1);
    ctx.tx = new TxState(ctx.stub, name, ctx.clientIdentity.getMSPID());
    return Promise.resolve();
  }

  override async afterTransaction(ctx: ProvenanceContext): Promise<void> {
    await ctx.tx?.flush();
  }

  @Param(
    'organizationJson',
    'string',
    'OrganizationRecord input: mspId, name, role, partyIds, companyPrefixes',
  )
  @Transaction()
  @Returns('string')
  async RegisterOrganization(ctx: ProvenanceContext, organizationJson: string): Promise<string> {
    return canonicalJson(
      await registerOrganization(txOf(ctx), callerOf(ctx.clientIdentity), organizationJson),
    );
  }

  @Param(
    'locationJson',
    'string',
    'LocationRecord input: id (SGLN), name, address, latitude, longitude',
  )
  @Transaction()
  @Returns('string')
  async RegisterLocation(ctx: ProvenanceContext, locationJson: string): Promise<string> {
    return canonicalJson(
      await registerLocation(txOf(ctx), callerOf(ctx.clientIdentity), locationJson),
    );
  }

  @Param(
    'productJson',
    'string',
    'ProductRecord input: gtin, ndc, name, dosageForm, strength, unitMassKg',
  )
  @Transaction()
  @Returns('string')
  async RegisterProduct(ctx: ProvenanceContext, productJson: string): Promise<string> {
    return canonicalJson(
      await registerProduct(txOf(ctx), callerOf(ctx.clientIdentity), productJson),
    );
  }

  @Param('documentJson', 'string', 'EPCIS 2.0 capture document (JSON / JSON-LD)')
  @Transaction()
  @Returns('string')
  async CaptureEvents(ctx: ProvenanceContext, documentJson: string): Promise<string> {
    return canonicalJson({ events: await captureEvents(txOf(ctx), documentJson) });
  }

  @Param('recallJson', 'string', 'recallId (optional), lotClasses, classification I/II/III, reason')
  @Transaction()
  @Returns('string')
  async InitiateRecall(ctx: ProvenanceContext, recallJson: string): Promise<string> {
    return canonicalJson(await initiateRecall(txOf(ctx), callerOf(ctx.clientIdentity), recallJson));
  }

  @Param('recallId', 'string', 'id of the recall to close')
  @Transaction()
  @Returns('string')
  async CloseRecall(ctx: ProvenanceContext, recallId: string): Promise<string> {
    return canonicalJson(await closeRecall(txOf(ctx), callerOf(ctx.clientIdentity), recallId));
  }

  @Param(
    'emissionJson',
    'string',
    'eventId, mode, distanceKm, massKg, factorId, factorValue, factorSource, factorVersion, scope',
  )
  @Transaction()
  @Returns('string')
  async RecordEmission(ctx: ProvenanceContext, emissionJson: string): Promise<string> {
    return canonicalJson(
      await recordEmission(txOf(ctx), callerOf(ctx.clientIdentity), emissionJson),
    );
  }

  @Param(
    'footprintJson',
    'string',
    'PACT footprint: productIds, declaredUnitOfMeasurement, declaredUnitAmount, pcfExcludingBiogenicUptake, specVersion',
  )
  @Transaction()
  @Returns('string')
  async SubmitProductFootprint(ctx: ProvenanceContext, footprintJson: string): Promise<string> {
    return canonicalJson(
      await submitProductFootprint(txOf(ctx), callerOf(ctx.clientIdentity), footprintJson),
    );
  }

  @Param('eventId', 'string', 'eventID of a captured event')
  @Transaction(false)
  @Returns('string')
  async GetEvent(ctx: ProvenanceContext, eventId: string): Promise<string> {
    return canonicalJson(await getEvent(txOf(ctx), eventId));
  }

  @Param('epc', 'string', 'instance identifier (EPC URN or Digital Link)')
  @Transaction(false)
  @Returns('string')
  async GetIdentifierState(ctx: ProvenanceContext, epc: string): Promise<string> {
    return canonicalJson(await getIdentifierState(txOf(ctx), epc));
  }

  @Param('lotClass', 'string', 'lgtin class URN or Digital Link /01/…/10/…')
  @Transaction(false)
  @Returns('string')
  async GetLotState(ctx: ProvenanceContext, lotClass: string): Promise<string> {
    return canonicalJson(await getLotState(txOf(ctx), lotClass));
  }

  @Param('recallId', 'string', 'id of a recall')
  @Transaction(false)
  @Returns('string')
  async GetRecall(ctx: ProvenanceContext, recallId: string): Promise<string> {
    return canonicalJson(await getRecall(txOf(ctx), recallId));
  }

  @Param('epc', 'string', 'identifier or lgtin class whose history to list')
  @Transaction(false)
  @Returns('string')
  async GetHistory(ctx: ProvenanceContext, epc: string): Promise<string> {
    return canonicalJson(await getHistory(txOf(ctx), epc));
  }
}

function txOf(ctx: ProvenanceContext): TxState {
  if (!ctx.tx) throw new Error('ProvenanceContract: beforeTransaction did not run');
  return ctx.tx;
}
