import './support/quiet-fabric-logs';
import { beforeEach, describe, expect, it } from 'vitest';
import { subjectHasAdminOu } from '../src/contract/caller-identity';
import { stateKeys } from '../src/ledger/state-keys';
import { InMemoryLedger } from '../src/testing/in-memory-ledger';
import {
  DIST,
  GTINS,
  MFG,
  ORGS,
  adminOf,
  expectCode,
  json,
  registeredLedger,
  stateSize,
} from './support/supply-chain';

const IDSgtin = 'urn:epc:id:sgtin:0614141.012345.1';

const manufacturer = {
  mspId: 'ManufacturerMSP',
  name: 'Acme Pharma',
  role: 'manufacturer',
  partyIds: [ORGS.manufacturer.party],
  companyPrefixes: [ORGS.manufacturer.prefix],
};

describe('admin detection from the x509 subject', () => {
  it('finds OU=admin in the subject, not in the issuer', () => {
    expect(
      subjectHasAdminOu(
        'x509::/C=US/ST=North Carolina/O=Hyperledger/OU=admin/CN=Admin@org1.example.com::/C=US/O=org1/CN=ca.org1',
      ),
    ).toBe(true);
    expect(
      subjectHasAdminOu(
        'x509::/C=US/O=Hyperledger/OU=client/CN=User1@org1::/C=US/O=org1/OU=admin/CN=ca.org1',
      ),
    ).toBe(false);
    expect(subjectHasAdminOu('x509::/C=US/OU=org1+OU=admin/CN=Admin::/CN=ca')).toBe(true);
    expect(subjectHasAdminOu('x509::/C=US/CN=OU=admin\\/x::/CN=ca')).toBe(false);
    expect(subjectHasAdminOu('not-an-x509-id')).toBe(false);
  });
});

describe('master data, contract over the in-memory stub', () => {
  let ledger: InMemoryLedger;

  beforeEach(() => {
    ledger = new InMemoryLedger();
  });

  it('registers an organisation for its own admin, Digital Link party ids normalised', async () => {
    const { result, payload } = await ledger.invoke(
      'RegisterOrganization',
      [json({ ...manufacturer, partyIds: ['https://id.gs1.org/417/0614141000012'] })],
      adminOf(MFG),
    );
    expect(JSON.parse(result)).toMatchObject({
      mspId: 'ManufacturerMSP',
      partyIds: ['urn:epc:id:pgln:0614141.00001'],
    });
    expect(payload?.records.map((record) => [record.kind, record.key])).toEqual([
      ['organization', stateKeys.organization('ManufacturerMSP')],
    ]);
  });

  it('refuses a non-admin identity of the organisation', async () => {
    await expectCode(
      ledger.invoke('RegisterOrganization', [json(manufacturer)], MFG),
      'FORBIDDEN_NOT_ADMIN',
      'OU=client',
    );
    expect(stateSize(ledger)).toBe(0);
  });

  it('refuses an admin of another MSP', async () => {
    await expectCode(
      ledger.invoke('RegisterOrganization', [json(manufacturer)], adminOf(DIST)),
      'FORBIDDEN_WRONG_MSP',
    );
  });

  it('refuses party ids or company prefixes bound to another organisation', async () => {
    await ledger.invoke('RegisterOrganization', [json(manufacturer)], adminOf(MFG));
    const thief = {
      mspId: 'DistributorMSP',
      name: 'x',
      role: 'distributor',
      partyIds: [ORGS.manufacturer.party],
      companyPrefixes: [],
    };
    await expectCode(
      ledger.invoke('RegisterOrganization', [json(thief)], adminOf(DIST)),
      'IDENTIFIER_CLAIMED',
      ORGS.manufacturer.party,
    );
    const overlap = { ...thief, partyIds: [], companyPrefixes: ['06141410'] };
    await expectCode(
      ledger.invoke('RegisterOrganization', [json(overlap)], adminOf(DIST)),
      'IDENTIFIER_CLAIMED',
      '06141410',
    );
  });

  it('validates the organisation fields', async () => {
    await expectCode(
      ledger.invoke(
        'RegisterOrganization',
        [json({ ...manufacturer, role: 'wholesaler' })],
        adminOf(MFG),
      ),
      'INVALID_ARGUMENT',
      'field "role"',
    );
    await expectCode(
      ledger.invoke(
        'RegisterOrganization',
        [json({ ...manufacturer, companyPrefixes: ['12'] })],
        adminOf(MFG),
      ),
      'INVALID_ARGUMENT',
      'companyPrefixes[0]',
    );
    await expectCode(
      ledger.invoke(
        'RegisterOrganization',
        [json({ ...manufacturer, partyIds: ['urn:epc:id:sgln:0614141.00001.0'] })],
        adminOf(MFG),
      ),
      'INVALID_ARGUMENT',
      'PGLN',
    );
    await expectCode(
      ledger.invoke('RegisterOrganization', ['[]'], adminOf(MFG)),
      'INVALID_ARGUMENT',
      'JSON object',
    );
  });

  it('needs the organisation registered before its locations and products', async () => {
    await expectCode(
      ledger.invoke('RegisterProduct', [json({ gtin: GTINS.drug, name: 'x' })], MFG),
      'NOT_FOUND',
      'register it first',
    );
  });

  describe('with the organisations registered', () => {
    beforeEach(async () => {
      ledger = await registeredLedger();
    });

    it('normalises a location given as a Digital Link and keeps its coordinates', async () => {
      const { result } = await ledger.invoke(
        'RegisterLocation',
        [
          json({
            id: 'https://id.gs1.org/414/0614141000029/254/dock-3',
            name: 'Dock 3',
            address: '1 Main St',
            latitude: 40.1,
            longitude: -75.2,
          }),
        ],
        MFG,
      );
      expect(JSON.parse(result)).toMatchObject({
        id: 'urn:epc:id:sgln:0614141.00002.dock-3',
        ownerMsp: 'ManufacturerMSP',
        latitude: 40.1,
      });
    });

    it('only lets the owner change a location or a product', async () => {
      await expectCode(
        ledger.invoke(
          'RegisterLocation',
          [json({ id: ORGS.manufacturer.site, name: 'mine now' })],
          DIST,
        ),
        'NOT_RECORD_OWNER',
        'belongs to ManufacturerMSP',
      );
      await expectCode(
        ledger.invoke('RegisterProduct', [json({ gtin: GTINS.drug, name: 'mine now' })], DIST),
        'NOT_RECORD_OWNER',
      );
      const { result } = await ledger.invoke(
        'RegisterProduct',
        [json({ gtin: GTINS.drug, name: 'Metformin 500 mg, 90 ct', unitMassKg: 0.11 })],
        MFG,
      );
      expect(JSON.parse(result)).toMatchObject({
        name: 'Metformin 500 mg, 90 ct',
        ownerMsp: 'ManufacturerMSP',
      });
    });

    it('refuses to register a record on behalf of another organisation', async () => {
      await expectCode(
        ledger.invoke(
          'RegisterProduct',
          [json({ gtin: '00614141999996', name: 'x', ownerMsp: 'DistributorMSP' })],
          MFG,
        ),
        'FORBIDDEN_WRONG_MSP',
      );
    });

    it('validates GTINs, coordinates and masses', async () => {
      await expectCode(
        ledger.invoke('RegisterProduct', [json({ gtin: '00614141123453', name: 'x' })], MFG),
        'INVALID_ARGUMENT',
        'check digit',
      );
      await expectCode(
        ledger.invoke(
          'RegisterProduct',
          [json({ gtin: GTINS.drug, name: 'x', unitMassKg: 0 })],
          MFG,
        ),
        'INVALID_ARGUMENT',
        'unitMassKg',
      );
      await expectCode(
        ledger.invoke(
          'RegisterLocation',
          [json({ id: ORGS.manufacturer.site, name: 'x', latitude: 91 })],
          MFG,
        ),
        'INVALID_ARGUMENT',
        'latitude',
      );
      await expectCode(
        ledger.invoke('RegisterLocation', [json({ id: IDSgtin, name: 'x' })], MFG),
        'INVALID_ARGUMENT',
        'SGLN',
      );
    });

    it('pads GTIN-13 to GTIN-14', async () => {
      const { result } = await ledger.invoke(
        'RegisterProduct',
        [json({ gtin: '0614141999996', name: 'Thirteen' })],
        MFG,
      );
      expect(JSON.parse(result)).toMatchObject({ gtin: '00614141999996' });
    });
  });
});
