/**
 * Development identities: one self-signed ECDSA P-256 CA per organisation and member certificates
 * carrying NodeOU-style OUs (client, peer, admin, orderer), like cryptogen with EnableNodeOUs.
 * Product code because the benchmark loader builds signed blocks without a network; never use
 * these keys for anything real. Generation is async (WebCrypto) and cached per process.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { createPrivateKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { SigningIdentity } from './fabric-signer.js';

/** NodeOU roles Fabric's MSP derives from the certificate's OU. */
export type MemberRole = 'client' | 'peer' | 'admin' | 'orderer';

/** A certificate authority that can issue member identities for one MSP. */
export interface DevCertificateAuthority {
  readonly mspId: string;
  readonly domain: string;
  readonly certificatePem: string;
  /** Issues an identity with the given role; `name` defaults to `<role>.<domain>`. */
  issue(role: MemberRole, name?: string): Promise<SigningIdentity>;
}

/** An application organisation: a peer, a client user and an admin. */
export interface DevPeerOrg {
  readonly mspId: string;
  readonly ca: DevCertificateAuthority;
  readonly peer: SigningIdentity;
  readonly client: SigningIdentity;
  readonly admin: SigningIdentity;
}

/** The ordering organisation: one orderer node and an admin. */
export interface DevOrdererOrg {
  readonly mspId: string;
  readonly ca: DevCertificateAuthority;
  readonly orderer: SigningIdentity;
  readonly admin: SigningIdentity;
}

/** The devnet's four organisations. */
export interface DevIdentities {
  readonly manufacturer: DevPeerOrg;
  readonly distributor: DevPeerOrg;
  readonly pharmacy: DevPeerOrg;
  readonly orderer: DevOrdererOrg;
  /** The application orgs' MSP ids, in a fixed order. */
  readonly applicationMsps: readonly string[];
  /** Trusted CA certificates by MSP id, as a verifier takes them. */
  readonly caCertificatesByMsp: Readonly<Record<string, readonly string[]>>;
}

// Fixed dates so blocks built with any timestamp from 2020 on fall inside the validity window.
const NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const NOT_AFTER = new Date('2099-12-31T23:59:59Z');
const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

// WebCrypto is Node's own; peculiar would otherwise look for a browser global.
x509.cryptoProvider.set(webcrypto as ReturnType<typeof x509.cryptoProvider.get>);

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
}

function randomSerial(): string {
  // Positive 16-byte serial: clear the top bit so DER needs no sign byte.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Creates a self-signed P-256 CA for an MSP (cryptogen's ca.<domain>). */
export async function createDevCertificateAuthority(
  mspId: string,
  domain: string,
): Promise<DevCertificateAuthority> {
  const keys = await generateKeys();
  const caName = `C=US, L=Boston, O=${domain}, CN=ca.${domain}`;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: caName,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const issue = async (role: MemberRole, name = `${role}.${domain}`): Promise<SigningIdentity> => {
    const member = await generateKeys();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `C=US, L=Boston, O=${domain}, OU=${role}, CN=${name}`,
      issuer: caCert.subject,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      publicKey: member.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      ],
    });
    return {
      mspId,
      certificatePem: `${cert.toString('pem')}\n`,
      privateKeyPem: await privateKeyPem(member.privateKey),
    };
  };
  return { mspId, domain, certificatePem: `${caCert.toString('pem')}\n`, issue };
}

async function peerOrg(mspId: string, domain: string): Promise<DevPeerOrg> {
  const ca = await createDevCertificateAuthority(mspId, domain);
  const [peer, client, admin] = await Promise.all([
    ca.issue('peer', `peer0.${domain}`),
    ca.issue('client', `User1@${domain}`),
    ca.issue('admin', `Admin@${domain}`),
  ]);
  return { mspId, ca, peer, client, admin };
}

async function generate(): Promise<DevIdentities> {
  const [manufacturer, distributor, pharmacy, ordererCa] = await Promise.all([
    peerOrg('ManufacturerMSP', 'manufacturer.example.com'),
    peerOrg('DistributorMSP', 'distributor.example.com'),
    peerOrg('PharmacyMSP', 'pharmacy.example.com'),
    createDevCertificateAuthority('OrdererMSP', 'orderer.example.com'),
  ]);
  const orderer: DevOrdererOrg = {
    mspId: 'OrdererMSP',
    ca: ordererCa,
    orderer: await ordererCa.issue('orderer', 'orderer0.orderer.example.com'),
    admin: await ordererCa.issue('admin', 'Admin@orderer.example.com'),
  };
  const orgs = [manufacturer, distributor, pharmacy, orderer];
  return {
    manufacturer,
    distributor,
    pharmacy,
    orderer,
    applicationMsps: [manufacturer.mspId, distributor.mspId, pharmacy.mspId],
    caCertificatesByMsp: Object.fromEntries(orgs.map((o) => [o.mspId, [o.ca.certificatePem]])),
  };
}

let cached: Promise<DevIdentities> | undefined;

/** The devnet's identities, generated once per process. */
export function getDevIdentities(): Promise<DevIdentities> {
  cached ??= generate();
  return cached;
}
