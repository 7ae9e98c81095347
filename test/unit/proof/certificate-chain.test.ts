import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkIdentityTrust, loadTrustAnchors } from '../../../src/proof/certificate-trust.js';
import { readTrustFile } from '../../../src/services/trust-anchors.js';

x509.cryptoProvider.set(webcrypto as ReturnType<typeof x509.cryptoProvider.get>);
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const FROM = new Date('2020-01-01T00:00:00Z');
const TO = new Date('2099-01-01T00:00:00Z');
const AT = new Date('2026-06-01T00:00:00Z');

interface Ca {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}

let serial = 1;
async function certificate(
  subject: string,
  issuer: Ca | undefined,
  options: { ca: boolean; notAfter?: Date },
): Promise<Ca> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    subject,
    issuer: issuer?.cert.subject ?? subject,
    notBefore: FROM,
    notAfter: options.notAfter ?? TO,
    publicKey: keys.publicKey,
    signingKey: (issuer?.keys ?? keys).privateKey,
    signingAlgorithm: SIGNING,
    extensions: [new x509.BasicConstraintsExtension(options.ca, undefined, true)],
  });
  return { cert, keys };
}
const pem = (c: Ca): string => c.cert.toString('pem');

// Stubbed PKI made here with @peculiar/x509: a root CA, an intermediate it issued, a client
// certificate the intermediate issued, and two bad links.
let root: Ca;
let intermediate: Ca;
let leaf: Ca;
let notCa: Ca;
let leafOfNotCa: Ca;
let expired: Ca;
let leafOfExpired: Ca;

beforeAll(async () => {
  root = await certificate('CN=ca.acme.example', undefined, { ca: true });
  intermediate = await certificate('CN=ica.acme.example', root, { ca: true });
  leaf = await certificate('OU=client, CN=User1@acme.example', intermediate, { ca: false });
  notCa = await certificate('CN=not-a-ca.acme.example', root, { ca: false });
  leafOfNotCa = await certificate('OU=client, CN=User2@acme.example', notCa, { ca: false });
  expired = await certificate('CN=old-ica.acme.example', root, {
    ca: true,
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });
  leafOfExpired = await certificate('OU=client, CN=User3@acme.example', expired, { ca: false });
});

const trust = (identity: Ca, intermediates?: Record<string, string[]> | string[]) =>
  checkIdentityTrust(
    loadTrustAnchors({ AcmeMSP: [pem(root)] }, intermediates),
    { mspId: 'AcmeMSP', certificatePem: pem(identity) },
    AT,
    ['client'],
  );

describe('certificate trust through intermediate CAs (stubbed PKI)', () => {
  it('accepts an identity issued by an intermediate that the trusted CA issued', () => {
    expect(trust(leaf, { AcmeMSP: [pem(intermediate)] })).toEqual({
      ok: true,
      issuer: new X509Certificate(pem(root)).fingerprint256,
    });
    expect(trust(leaf, [pem(intermediate)]).ok).toBe(true);
  });

  it('refuses it without the intermediate, or with the intermediate of another MSP', () => {
    const refused = { ok: false, reason: 'AcmeMSP: certificate not issued by a trusted CA' };
    expect(trust(leaf)).toEqual(refused);
    expect(trust(leaf, { OtherMSP: [pem(intermediate)] })).toEqual(refused);
  });

  it('refuses a link that is not a CA, and a chain with a link expired at the time checked', () => {
    expect(trust(leafOfNotCa, { AcmeMSP: [pem(notCa)] })).toEqual({
      ok: false,
      reason: 'AcmeMSP: certificate not issued by a trusted CA',
    });
    expect(trust(leafOfExpired, { AcmeMSP: [pem(expired)] })).toEqual({
      ok: false,
      reason: `AcmeMSP: certificate not valid at ${AT.toISOString()}`,
    });
  });

  it('finds the valid chain when an expired copy of the intermediate is listed first', async () => {
    // The same name and key, renewed: the expired certificate issued the leaf just as well.
    const renewed = await x509.X509CertificateGenerator.create({
      serialNumber: 'ff',
      subject: expired.cert.subject,
      issuer: root.cert.subject,
      notBefore: FROM,
      notAfter: TO,
      publicKey: expired.keys.publicKey,
      signingKey: root.keys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    expect(trust(leafOfExpired, { AcmeMSP: [pem(expired), renewed.toString('pem')] }).ok).toBe(
      true,
    );
  });
});

describe('trust file with intermediate CAs', () => {
  it('reads intermediateCertificates by MSP, and names a malformed entry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
    const file = path.join(dir, 'trust.json');
    fs.writeFileSync(path.join(dir, 'ica.pem'), pem(intermediate));
    fs.writeFileSync(
      file,
      JSON.stringify({
        caCertificates: { AcmeMSP: [pem(root)] },
        intermediateCertificates: { AcmeMSP: ['ica.pem'] },
      }),
    );
    const { trust } = readTrustFile(file);
    expect(trust.intermediateCertificatesPem).toEqual({ AcmeMSP: [pem(intermediate)] });
    fs.writeFileSync(
      file,
      JSON.stringify({ caCertificates: { AcmeMSP: [pem(root)] }, intermediateCertificates: ['x'] }),
    );
    expect(() => readTrustFile(file)).toThrow(/intermediateCertificates must be/);
    fs.rmSync(dir, { recursive: true });
  });
});
