/**
 * An independent model of the story's custody rules for the simulator tests: who owns what, what
 * is inside what, what is in transit to whom, which lots exist and how much of them is left.
 * `apply` throws on the first event that breaks a rule, naming it; the model also records, per
 * unit, that it was commissioned, packed, shipped and received, so dispensing can demand all four.
 */
import { gtinOfEpc } from './epcis-structure.js';

interface Thing {
  owner: string;
  parent?: string;
  children: Set<string>;
  inTransit?: { msp: string; location: string };
  lotClass?: string;
  commissioned: boolean;
  packed: boolean;
  shipped: boolean;
  received: boolean;
  dispensed: boolean;
  lastTime: number;
}

interface Lot {
  owner: string;
  remaining: number;
  produced: number;
  uom?: string;
  serials: number;
}

/** What the model needs from master data. */
export interface CustodyDirectory {
  mspOfParty: Map<string, string>;
  mspOfLocation: Map<string, string>;
}

/** The custody state of a replayed stream. */
export class CustodyModel {
  readonly things = new Map<string, Thing>();
  readonly lots = new Map<string, Lot>();
  readonly recalledLots = new Set<string>();
  dispensedUnits = 0;

  constructor(private readonly directory: CustodyDirectory) {}

  /** Records a recall filed by an MSP. */
  recall(msp: string, lotClasses: readonly string[]): void {
    for (const lotClass of lotClasses) {
      const lot = this.lots.get(lotClass);
      if (!lot || lot.owner !== msp)
        throw new Error(`recall of ${lotClass} by ${msp}, which does not own it`);
      this.recalledLots.add(lotClass);
    }
  }

  /**
   * Applies one event submitted by an MSP.
   * @throws Error naming the broken rule.
   */
  apply(msp: string, event: any): void {
    const time = Date.parse(event.eventTime);
    const site = event.bizLocation?.id ?? event.readPoint?.id;
    if (this.directory.mspOfLocation.get(site) !== msp)
      fail(`${msp} reports at ${site}, a site it does not own`);
    if (event.type === 'TransformationEvent') this.transform(msp, event);
    else if (event.type === 'AggregationEvent') this.aggregate(msp, event, time);
    else if (event.action === 'ADD' && event.quantityList)
      this.produceLot(msp, event.quantityList[0]);
    else if (event.action === 'ADD') this.commission(msp, event, time);
    else if (event.bizStep === 'shipping') this.ship(msp, event, time);
    else if (event.bizStep === 'receiving') this.receive(msp, event, time);
    else if (event.bizStep === 'dispensing') this.dispense(msp, event, time);
    else fail(`unexpected event ${event.type} ${event.action} ${event.bizStep}`);
  }

  private produceLot(msp: string, q: any): void {
    if (this.lots.has(q.epcClass)) fail(`${q.epcClass} produced twice`);
    this.lots.set(q.epcClass, {
      owner: msp,
      remaining: q.quantity,
      produced: q.quantity,
      uom: q.uom,
      serials: 0,
    });
  }

  private transform(msp: string, event: any): void {
    for (const q of event.inputQuantityList) {
      const lot = this.lots.get(q.epcClass);
      if (!lot) fail(`transformation consumes unknown lot ${q.epcClass}`);
      if (lot.owner !== msp) fail(`${msp} consumes ${q.epcClass} owned by ${lot.owner}`);
      if (lot.uom !== q.uom) fail(`${q.epcClass} consumed in ${q.uom}, produced in ${lot.uom}`);
      if (q.quantity > lot.remaining)
        fail(`${q.epcClass} overconsumed: ${q.quantity} > ${lot.remaining}`);
      lot.remaining -= q.quantity;
    }
    for (const q of event.outputQuantityList) this.produceLot(msp, q);
  }

  private commission(msp: string, event: any, time: number): void {
    const lotNumber = event.ilmd?.['cbvmda:lotNumber'];
    for (const epc of event.epcList) {
      if (this.things.has(epc)) fail(`${epc} commissioned twice`);
      let lotClass: string | undefined;
      if (lotNumber !== undefined) {
        lotClass = `urn:epc:class:lgtin:${epc.split(':')[4].split('.').slice(0, 2).join('.')}.${lotNumber}`;
        const lot = this.lots.get(lotClass);
        if (!lot || lot.owner !== msp)
          fail(`${epc} serialised into ${lotClass}, not produced by ${msp}`);
        lot.serials++;
        if (lot.serials > lot.produced) fail(`${lotClass}: more serials than units produced`);
        if (!gtinOfEpc(epc)) fail(`${epc}: no GTIN`);
      }
      this.things.set(epc, {
        owner: msp,
        children: new Set(),
        lotClass,
        commissioned: true,
        packed: false,
        shipped: false,
        received: false,
        dispensed: false,
        lastTime: time,
      });
    }
  }

  private aggregate(msp: string, event: any, time: number): void {
    const parent = this.held(msp, event.parentID, time, 'pack or unpack');
    for (const child of event.childEPCs) {
      const thing = this.held(msp, child, time, 'pack or unpack');
      if (event.action === 'ADD') {
        if (thing.parent !== undefined)
          fail(`${child} packed into ${event.parentID} while inside ${thing.parent}`);
        thing.parent = event.parentID;
        thing.packed = true;
        parent.children.add(child);
      } else {
        if (thing.parent !== event.parentID)
          fail(`${child} unpacked from ${event.parentID} but is in ${thing.parent}`);
        delete thing.parent;
        parent.children.delete(child);
      }
    }
  }

  private ship(msp: string, event: any, time: number): void {
    const owningParty = event.destinationList.find(
      (d: any) => d.type === 'owning_party',
    )?.destination;
    const location = event.destinationList.find((d: any) => d.type === 'location')?.destination;
    const to = this.directory.mspOfParty.get(owningParty);
    if (to === undefined || this.directory.mspOfLocation.get(location) !== to)
      fail(
        `shipment to ${owningParty} at ${location}: party and location of different organisations`,
      );
    for (const epc of event.epcList) {
      const thing = this.held(msp, epc, time, 'ship');
      if (thing.parent !== undefined) fail(`${epc} shipped while inside ${thing.parent}`);
      for (const inner of this.withContents(epc)) {
        if (inner.lotClass && this.recalledLots.has(inner.lotClass))
          fail(`${epc} ships recalled ${inner.lotClass}`);
        inner.inTransit = { msp: to, location };
        inner.shipped = true;
      }
    }
  }

  private receive(msp: string, event: any, time: number): void {
    for (const epc of event.epcList) {
      const thing = this.things.get(epc);
      if (!thing?.inTransit) fail(`${msp} receives ${epc}, which is not in transit`);
      if (thing.inTransit.msp !== msp || thing.inTransit.location !== event.bizLocation.id)
        fail(
          `${epc} was shipped to ${thing.inTransit.msp} at ${thing.inTransit.location}, received by ${msp} at ${event.bizLocation.id}`,
        );
      for (const inner of this.withContents(epc)) {
        delete inner.inTransit;
        inner.owner = msp;
        inner.received = true;
        this.touch(inner, epc, time);
      }
    }
  }

  private dispense(msp: string, event: any, time: number): void {
    for (const epc of event.epcList) {
      const unit = this.held(msp, epc, time, 'dispense');
      if (unit.parent !== undefined) fail(`${epc} dispensed while inside ${unit.parent}`);
      if (!(unit.commissioned && unit.packed && unit.shipped && unit.received))
        fail(`${epc} dispensed without its full history`);
      if (unit.dispensed) fail(`${epc} dispensed twice`);
      if (unit.lotClass && this.recalledLots.has(unit.lotClass))
        fail(`${epc} dispensed after the recall of ${unit.lotClass}`);
      unit.dispensed = true;
      this.dispensedUnits++;
    }
  }

  /** The thing, checked to be known, owned by msp, not in transit, not dispensed. */
  private held(msp: string, epc: string, time: number, verb: string): Thing {
    const thing = this.things.get(epc);
    if (!thing) fail(`${msp} cannot ${verb} ${epc}: never commissioned`);
    if (thing.owner !== msp) fail(`${msp} cannot ${verb} ${epc}: owned by ${thing.owner}`);
    if (thing.inTransit) fail(`${msp} cannot ${verb} ${epc}: in transit`);
    if (thing.dispensed) fail(`${msp} cannot ${verb} ${epc}: dispensed`);
    this.touch(thing, epc, time);
    return thing;
  }

  private touch(thing: Thing, epc: string, time: number): void {
    if (time < thing.lastTime)
      fail(`${epc}: event at ${new Date(time).toISOString()} before its previous one`);
    thing.lastTime = time;
  }

  private withContents(epc: string): Thing[] {
    const found: Thing[] = [];
    const queue = [epc];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      const thing = this.things.get(next);
      if (!thing) continue;
      found.push(thing);
      queue.push(...thing.children);
    }
    return found;
  }
}

function fail(message: string): never {
  throw new Error(message);
}
