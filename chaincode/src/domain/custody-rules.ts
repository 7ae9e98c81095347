import { ContractError } from '../error-codes';
import { gtinOf } from '../epcis/gs1-keys';
import type { IdentifierStateRecord, LotStateRecord } from '../payload';
import { consumesQuantity } from './event-subjects';
import type { EventOperations, DirectSubject, LotTouch } from './event-subjects';
import { ownStock } from './lot-projector';
import type { Registry } from './registry';

/** The pre-event state custody rules look at. */
export interface CustodyInput {
  callerMsp: string;
  ops: EventOperations;
  /** What the event commissions whose origin the caller vouches for (EventFacts.verified). */
  vouched: ReadonlySet<string>;
  /** What the event sets on every object it names: a disposition, a location (biz or read point). */
  sets: { disposition: string | undefined; location: string | undefined };
  direct: readonly DirectSubject[];
  /** Objects inside the direct subjects' containers, with the container and their own state. */
  contained: readonly { epc: string; container: string; state: IdentifierStateRecord }[];
  identifiers: ReadonlyMap<string, IdentifierStateRecord | undefined>;
  lots: readonly LotTouch[];
  lotStates: ReadonlyMap<string, LotStateRecord | undefined>;
  /** Reads the state of the lot an identifier belongs to (for the recall check). */
  lotOf(lotClass: string): Promise<LotStateRecord | undefined>;
  /** Reads an identifier's state (for the containers above a packing's parent). */
  identifierOf(epc: string): Promise<IdentifierStateRecord | undefined>;
  registry: Registry;
}

const INACTIVE = new Set(['destroyed', 'disposed', 'inactive']);

/**
 * Enforces the custody rules on identifiers and lots the ledger already knows; objects never seen
 * before pass (they become unverifiedOrigin). Each violation throws its own code.
 * @throws ContractError NOT_PRODUCT_OWNER, ALREADY_COMMISSIONED, CUSTODY_NOT_OWNER,
 *   CUSTODY_NOT_DESTINATION, CUSTODY_NOT_IN_TRANSIT, RECALLED, DESTROYED, LOT_OVERCONSUMED,
 *   LOT_UOM_MISMATCH
 */
export async function checkCustody(input: CustodyInput): Promise<void> {
  const { ops, callerMsp } = input;
  if (ops.packing) await checkNoCycle(input);
  for (const { epc, role } of input.direct) {
    const state = input.identifiers.get(epc);
    if ((ops.commissioning && role === 'epc') || role === 'output') {
      await checkProductOwner(input, epc);
      if (state !== undefined && !state.unverifiedOrigin) {
        throw new ContractError(
          'ALREADY_COMMISSIONED',
          `${epc} was already commissioned by ${state.ownerMsp ?? 'another organisation'}`,
        );
      }
      // Commissioning an object someone already holds records its origin late; only the owner of
      // its GTIN or company prefix may, else it would hand the caller the object (and, for a case
      // or pallet, everything inside it).
      if (
        state?.ownerMsp !== undefined &&
        state.ownerMsp !== callerMsp &&
        !input.vouched.has(epc)
      ) {
        throw new ContractError(
          'CUSTODY_NOT_OWNER',
          `${epc} is held by ${state.ownerMsp}; ${callerMsp} cannot commission it (only its holder or the owner of its GTIN or company prefix can)`,
        );
      }
      continue;
    }
    if (state === undefined) continue;
    const verb =
      ownerVerb(ops, role) ??
      (!ops.receiving && changesState(input) ? 'change the disposition or location of' : undefined);
    if (verb !== undefined && state.ownerMsp !== undefined && state.ownerMsp !== callerMsp) {
      throw new ContractError(
        'CUSTODY_NOT_OWNER',
        `${epc} is owned by ${state.ownerMsp}; ${callerMsp} cannot ${verb} it`,
      );
    }
    const revived = input.sets.disposition;
    if (
      state.disposition !== undefined &&
      INACTIVE.has(state.disposition) &&
      revived !== undefined &&
      !INACTIVE.has(revived)
    ) {
      throw new ContractError(
        'DESTROYED',
        `${epc} is ${state.disposition}; its disposition cannot become ${revived}`,
      );
    }
    if (ops.shipping || ops.dispensing || role === 'input')
      await checkUsable(input, epc, state, undefined);
    if (ops.receiving) await checkReceiver(input, epc, state);
  }
  if (ops.shipping || ops.dispensing) {
    for (const { epc, container, state } of input.contained)
      await checkUsable(input, epc, state, container);
  }
  await checkLots(input);
}

/** Levels of containers climbed above a packing's parent: deeper nesting is not real goods. */
const MAX_NESTING = 32;

/**
 * Refuses packing that would put a container inside itself: a child that is the parent, or that
 * holds the parent (directly or through containers in between).
 * @throws ContractError EPCIS_INVALID
 */
async function checkNoCycle(input: CustodyInput): Promise<void> {
  const parent = input.direct.find((d) => d.role === 'parent')?.epc;
  if (parent === undefined) return;
  const children = new Set(input.direct.filter((d) => d.role === 'child').map((d) => d.epc));
  let above: string | undefined = parent;
  for (let level = 0; above !== undefined && level <= MAX_NESTING; level++) {
    if (children.has(above)) {
      throw new ContractError(
        'EPCIS_INVALID',
        above === parent
          ? `${parent} cannot be packed into itself`
          : `${above} holds ${parent}: packing it into ${parent} would put it inside itself`,
      );
    }
    above = (input.identifiers.get(above) ?? (await input.identifierOf(above)))?.parent;
  }
}

/** Whether the event sets a disposition or a location on what it names. */
function changesState(input: CustodyInput): boolean {
  return input.sets.disposition !== undefined || input.sets.location !== undefined;
}

function ownerVerb(ops: EventOperations, role: DirectSubject['role']): string | undefined {
  if (role === 'input') return 'transform';
  if (ops.shipping) return 'ship';
  if (ops.packing && (role === 'parent' || role === 'child')) return 'pack';
  if (ops.unpacking && (role === 'parent' || role === 'child')) return 'unpack';
  if (ops.decommissioning) return 'decommission';
  if (ops.dispensing) return 'dispense';
  return undefined;
}

async function checkProductOwner(input: CustodyInput, id: string): Promise<void> {
  const product = await input.registry.product(gtinOf(id));
  if (product && product.ownerMsp !== input.callerMsp) {
    throw new ContractError(
      'NOT_PRODUCT_OWNER',
      `GTIN ${product.gtin} belongs to ${product.ownerMsp}; ${input.callerMsp} cannot commission ${id}`,
    );
  }
}

async function checkUsable(
  input: CustodyInput,
  epc: string,
  state: IdentifierStateRecord,
  container: string | undefined,
): Promise<void> {
  const where = container === undefined ? epc : `${epc} (inside ${container})`;
  const verb = input.ops.shipping ? 'shipped' : input.ops.dispensing ? 'dispensed' : 'transformed';
  const lot = state.lotClass === undefined ? undefined : await input.lotOf(state.lotClass);
  if (
    state.disposition === 'recalled' ||
    lot?.recallId !== undefined ||
    lot?.disposition === 'recalled'
  ) {
    const recall = lot?.recallId === undefined ? '' : ` under recall ${lot.recallId}`;
    throw new ContractError('RECALLED', `${where} is recalled${recall} and cannot be ${verb}`);
  }
  if (state.disposition !== undefined && INACTIVE.has(state.disposition)) {
    throw new ContractError('DESTROYED', `${where} is ${state.disposition} and cannot be ${verb}`);
  }
}

async function checkReceiver(
  input: CustodyInput,
  epc: string,
  state: IdentifierStateRecord,
): Promise<void> {
  const transit = state.inTransitTo;
  const caller = input.callerMsp;
  if (transit === undefined) {
    if (state.ownerMsp === undefined || state.ownerMsp === caller) return;
    throw new ContractError(
      'CUSTODY_NOT_IN_TRANSIT',
      `${epc} was not shipped (held by ${state.ownerMsp}); ${caller} cannot receive it`,
    );
  }
  const destinations = [
    transit.msp,
    await input.registry.orgOfParty(transit.party),
    (await input.registry.location(transit.location))?.ownerMsp,
  ].filter((msp): msp is string => msp !== undefined);
  // A destination no registered organisation answers for cannot be verified: accept the receipt.
  if (destinations.length === 0 || destinations.includes(caller)) return;
  const target = [transit.party, transit.location]
    .filter((part) => part !== undefined)
    .join(' at ');
  throw new ContractError(
    'CUSTODY_NOT_DESTINATION',
    `${epc} is in transit to ${destinations[0] ?? ''} (${target}); ${caller} cannot receive it`,
  );
}

async function checkLots(input: CustodyInput): Promise<void> {
  const { ops, callerMsp } = input;
  for (const touch of input.lots) {
    const lot = input.lotStates.get(touch.lotClass);
    const producing =
      touch.role === 'outputQuantity' || (touch.role === 'quantity' && ops.commissioning);
    if (producing) await checkProductOwner(input, touch.lotClass);
    const consumed = touch.role === 'inputQuantity';
    if (
      ((touch.role === 'quantity' && (ops.shipping || ops.dispensing)) || consumed) &&
      (lot?.recallId !== undefined || lot?.disposition === 'recalled')
    ) {
      throw new ContractError(
        'RECALLED',
        `${touch.lotClass} is recalled and cannot be ${consumed ? 'transformed' : ops.shipping ? 'shipped' : 'dispensed'}`,
      );
    }
    if (!consumesQuantity(touch, ops) || lot === undefined) continue;
    // Another organisation may consume what it received by quantity (in the lot's uom).
    const held = lot.heldBy?.[callerMsp] ?? 0;
    if (
      lot.ownerMsp !== undefined &&
      lot.ownerMsp !== callerMsp &&
      (touch.uom !== lot.uom || touch.quantity > held)
    ) {
      const holding =
        held > 0
          ? `it received ${held} ${lot.uom ?? 'units'} of it by quantity, not ${touch.quantity} ${touch.uom ?? 'units'}`
          : 'it has received none of it by quantity (a shipment to it, then its receipt)';
      throw new ContractError(
        'CUSTODY_NOT_OWNER',
        `${touch.lotClass} is owned by ${lot.ownerMsp}; ${callerMsp} cannot ${consumed ? 'transform' : 'decommission'} it: ${holding}`,
      );
    }
    // A lot never produced on the ledger has an unknown quantity: nothing to check against.
    if (lot.quantityProduced === 0) continue;
    if (touch.uom !== lot.uom && touch.quantity > 0) {
      throw new ContractError(
        'LOT_UOM_MISMATCH',
        `${touch.lotClass} is counted in ${lot.uom ?? 'units (no uom)'}, not ${touch.uom ?? 'units (no uom)'}`,
      );
    }
    // The owner consumes its own stock: what others received or have on the way is theirs.
    const own = lot.ownerMsp === undefined || lot.ownerMsp === callerMsp;
    const available = own ? ownStock(lot) : held;
    if (touch.quantity > lot.quantityRemaining || touch.quantity > available) {
      const theirs = lot.quantityRemaining - available;
      throw new ContractError(
        'LOT_OVERCONSUMED',
        `${touch.lotClass}: ${consumed ? 'a transformation' : 'a decommissioning'} consumes ${touch.quantity} but only ${lot.quantityRemaining} remain` +
          (theirs > 0 && own
            ? `, ${theirs} of them held by or on the way to other organisations`
            : ''),
      );
    }
  }
}
