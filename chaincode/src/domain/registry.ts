import { ORGANIZATION_PREFIX, stateKeys } from '../ledger/state-keys';
import type { TxState } from '../ledger/tx-state';
import type { LocationRecord, OrganizationRecord, ProductRecord } from '../payload';

/**
 * Master-data lookups for one transaction: organisations (read once, they are few), locations and
 * products. Party ids and company prefixes are resolved by scanning the organisations rather than
 * through index keys, so RegisterOrganization writes one record and nothing can drift.
 */
export class Registry {
  private organizations: Promise<OrganizationRecord[]> | undefined;

  constructor(private readonly tx: TxState) {}

  /** Every registered organisation. */
  allOrganizations(): Promise<OrganizationRecord[]> {
    this.organizations ??= this.tx
      .scan('organization', ORGANIZATION_PREFIX)
      .then((rows) => rows.map((row) => row.value));
    return this.organizations;
  }

  /** The organisation record of an MSP, if registered. */
  async organization(mspId: string): Promise<OrganizationRecord | undefined> {
    return (await this.allOrganizations()).find((org) => org.mspId === mspId);
  }

  /** Every company prefix registered by any organisation. */
  async companyPrefixes(): Promise<string[]> {
    return (await this.allOrganizations()).flatMap((org) => org.companyPrefixes);
  }

  /** MSP of the organisation that registered a party id (PGLN URN). */
  async orgOfParty(partyId: string | undefined): Promise<string | undefined> {
    if (partyId === undefined) return undefined;
    return (await this.allOrganizations()).find((org) => org.partyIds.includes(partyId))?.mspId;
  }

  /** MSP of the organisation that registered a company prefix. */
  async orgOfCompanyPrefix(prefix: string | undefined): Promise<string | undefined> {
    if (prefix === undefined) return undefined;
    return (await this.allOrganizations()).find((org) => org.companyPrefixes.includes(prefix))
      ?.mspId;
  }

  /** A registered location (SGLN URN). */
  location(sgln: string | undefined): Promise<LocationRecord | undefined> {
    return sgln === undefined
      ? Promise.resolve(undefined)
      : this.tx.read('location', stateKeys.location(sgln));
  }

  /** A registered product (GTIN-14). */
  product(gtin: string | undefined): Promise<ProductRecord | undefined> {
    return gtin === undefined
      ? Promise.resolve(undefined)
      : this.tx.read('product', stateKeys.product(gtin));
  }
}
