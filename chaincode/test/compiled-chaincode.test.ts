import './support/quiet-fabric-logs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvenanceContract } from '../src/contract/provenance.contract';
import { MFG, ORGS, commissionUnits, doc, json } from './support/supply-chain';

const require = createRequire(import.meta.url);
const CHAINCODE = join(__dirname, '..');
const DIST = join(CHAINCODE, 'dist');

// What the peer runs is tsc's CommonJS output, with real decorator metadata, loaded by
// fabric-shim's contract router. These tests build it and drive it that way.
interface ChaincodeResponse {
  status: number;
  message?: string;
  payload?: Uint8Array;
}
interface Router {
  metadata: {
    contracts: Record<
      string,
      {
        transactions: {
          name: string;
          tag: string[];
          parameters: { name: string; schema: unknown }[];
          returns?: unknown;
        }[];
      }
    >;
  };
  invokeFunctionality(stub: unknown): Promise<ChaincodeResponse>;
}

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function selfSignedCertificate(directory: string, subject: string): string {
  const out = join(directory, `${subject.replace(/\W+/g, '_')}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(directory, 'key.pem'),
      '-subj',
      subject,
      '-days',
      '1',
      '-out',
      out,
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(out, 'utf8');
}

describe('the compiled chaincode, as fabric-chaincode-node loads it', () => {
  let compiled: { contracts: (new () => object)[] };
  let router: Router;
  let makeRouter: (contracts: unknown[]) => Router;
  let testing: typeof import('../src/testing/in-memory-ledger');

  beforeAll(() => {
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', join(CHAINCODE, 'tsconfig.json')],
      { stdio: 'inherit' },
    );
    compiled = require(join(DIST, 'index.js')) as typeof compiled;
    testing = require(join(DIST, 'testing', 'in-memory-ledger.js')) as typeof testing;
    const ChaincodeFromContract =
      require('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as new (
        ...args: unknown[]
      ) => Router;
    const { JSONSerializer } = require('fabric-contract-api') as { JSONSerializer: unknown };
    makeRouter = (contracts) =>
      new ChaincodeFromContract(
        [...contracts],
        { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
        {},
        'fabric-provenance',
        '0.1.0',
      );
    router = makeRouter(compiled.contracts);
  }, 180_000);

  it('exports contracts from package.json main with decorator metadata from tsc', () => {
    const main = (
      JSON.parse(readFileSync(join(CHAINCODE, 'package.json'), 'utf8')) as { main: string }
    ).main;
    expect(join(CHAINCODE, main)).toBe(join(DIST, 'index.js'));
    expect(compiled.contracts).toHaveLength(1);
    const contract = compiled.contracts[0];
    const reflect = Reflect as unknown as {
      getMetadata(key: string, target: object, property: string): unknown[];
    };
    const types = reflect.getMetadata(
      'design:paramtypes',
      contract?.prototype ?? {},
      'CaptureEvents',
    );
    expect(types.map((type) => (type as { name: string }).name)).toEqual([
      'ProvenanceContext',
      'String',
    ]);
  });

  it('builds fabric-contract-api metadata: every transaction, its string parameter and its tag', () => {
    const transactions = router.metadata.contracts.provenance?.transactions ?? [];
    const summary = Object.fromEntries(
      transactions.map((tx) => [
        tx.name,
        [tx.tag[0], tx.parameters.map((p) => `${p.name}:${JSON.stringify(p.schema)}`).join(',')],
      ]),
    );
    expect(summary).toEqual({
      RegisterOrganization: ['SUBMIT', 'organizationJson:{"type":"string"}'],
      RegisterLocation: ['SUBMIT', 'locationJson:{"type":"string"}'],
      RegisterProduct: ['SUBMIT', 'productJson:{"type":"string"}'],
      CaptureEvents: ['SUBMIT', 'documentJson:{"type":"string"}'],
      InitiateRecall: ['SUBMIT', 'recallJson:{"type":"string"}'],
      CloseRecall: ['SUBMIT', 'recallId:{"type":"string"}'],
      RecordEmission: ['SUBMIT', 'emissionJson:{"type":"string"}'],
      SubmitProductFootprint: ['SUBMIT', 'footprintJson:{"type":"string"}'],
      GetEvent: ['EVALUATE', 'eventId:{"type":"string"}'],
      GetIdentifierState: ['EVALUATE', 'epc:{"type":"string"}'],
      GetLotState: ['EVALUATE', 'lotClass:{"type":"string"}'],
      GetRecall: ['EVALUATE', 'recallId:{"type":"string"}'],
      GetHistory: ['EVALUATE', 'epc:{"type":"string"}'],
    });
    expect(transactions.every((tx) => JSON.stringify(tx.returns) === '{"type":"string"}')).toBe(
      true,
    );
  });

  it('derives the same metadata from the esbuild-transpiled source (no decorator metadata)', () => {
    const fromSource = makeRouter([ProvenanceContract]).metadata.contracts.provenance?.transactions;
    const fromTsc = router.metadata.contracts.provenance?.transactions;
    expect(fromSource).toEqual(fromTsc);
    expect(fromSource).toHaveLength(13);
  });

  it('runs a transaction through the compiled in-memory ledger and the compiled contract', async () => {
    const ledger = new testing.InMemoryLedger();
    const org = ORGS.manufacturer;
    await ledger.invoke(
      'RegisterOrganization',
      [
        json({
          mspId: org.mspId,
          name: org.name,
          role: org.role,
          partyIds: [org.party],
          companyPrefixes: [org.prefix],
        }),
      ],
      { ...MFG, admin: true },
    );
    const { payload } = await ledger.invoke('CaptureEvents', [doc(commissionUnits([1]))], MFG);
    expect(payload?.function).toBe('CaptureEvents');
    // History entries go to world state but not into the event (contract bookkeeping).
    expect(payload?.records.map((record) => record.kind)).toEqual(['event', 'identifier', 'lot']);
  });

  describe.runIf(opensslAvailable())(
    'through fabric-shim’s contract router, with real X.509 identities',
    () => {
      let certificates: string;
      let admin: string;
      let client: string;

      beforeAll(() => {
        certificates = mkdtempSync(join(tmpdir(), 'provenance-certs-'));
        admin = selfSignedCertificate(
          certificates,
          '/C=US/ST=North Carolina/O=Manufacturer/OU=admin/CN=Admin@manufacturer',
        );
        client = selfSignedCertificate(
          certificates,
          '/C=US/ST=North Carolina/O=Manufacturer/OU=client/CN=User1@manufacturer',
        );
      });

      afterAll(() => rmSync(certificates, { recursive: true, force: true }));

      it('admits an OU=admin certificate to RegisterOrganization and refuses an OU=client one', async () => {
        const ledger = new testing.InMemoryLedger();
        const org = ORGS.manufacturer;
        const input = json({
          mspId: org.mspId,
          name: org.name,
          role: org.role,
          partyIds: [org.party],
          companyPrefixes: [org.prefix],
        });

        const refused = ledger.beginTransaction('RegisterOrganization', [input], {
          ...MFG,
          certificatePem: client,
        });
        const denial = await router.invokeFunctionality(refused.stub);
        expect(denial.status).toBe(500);
        expect(denial.message).toMatch(/^\[FORBIDDEN_NOT_ADMIN\] .*OU=client/);

        const accepted = ledger.beginTransaction('RegisterOrganization', [input], {
          ...MFG,
          certificatePem: admin,
        });
        const response = await router.invokeFunctionality(accepted.stub);
        expect(response.status).toBe(200);
        accepted.commit();
        expect(JSON.parse(Buffer.from(response.payload ?? []).toString('utf8'))).toMatchObject({
          mspId: 'ManufacturerMSP',
        });
        expect(accepted.payload()?.records.map((record) => record.kind)).toEqual(['organization']);

        const capture = ledger.beginTransaction(
          'provenance:CaptureEvents',
          [doc(commissionUnits([1]))],
          { ...MFG, certificatePem: client },
        );
        const captured = await router.invokeFunctionality(capture.stub);
        expect(captured.status).toBe(200);
        expect(capture.payload()?.function).toBe('CaptureEvents');
      });
    },
  );
});
