import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkEcdsaSignature,
  publicKeyFromCertificate,
  signEcdsaLowS,
} from '../../../src/ledger/ecdsa-signature.js';
import { checkIdentityTrust, loadTrustAnchors } from '../../../src/proof/certificate-trust.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';

// An attacker who holds a genuine certificate (any block shows them) but not its private key
// appends a public key of their own to it. A key loader that skips to the PUBLIC KEY block would
// check the attacker's signatures, while the trust check looks at the genuine certificate.
describe('ledger identities must be exactly one certificate (trust and signature judge one key)', () => {
  let fabric: TestFabric;
  let genuine: string;
  let forged: string;
  const attacker = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const message = Buffer.from('a transaction the genuine client never signed');
  beforeAll(async () => {
    fabric = await getTestFabric();
    genuine = fabric.ids.manufacturer.client.certificatePem;
    forged = `${genuine.trimEnd()}\n${attacker.publicKey.export({ type: 'spki', format: 'pem' }).toString()}`;
  });

  it("(OpenSSL's key loader does take the appended key: why the parse is strict)", () => {
    const loaded = createPublicKey(forged);
    expect(loaded.equals(attacker.publicKey)).toBe(true);
  });

  it('refuses the forged identity for signatures and for trust', () => {
    const signature = signEcdsaLowS(attacker.privateKey, message);
    expect(() => publicKeyFromCertificate(forged)).toThrow(/exactly one PEM certificate/);
    const trust = checkIdentityTrust(
      loadTrustAnchors(fabric.ids.caCertificatesByMsp),
      { mspId: fabric.manufacturer.mspId, certificatePem: forged },
      new Date(),
      undefined,
    );
    expect(trust).toEqual({
      ok: false,
      reason: `${fabric.manufacturer.mspId}: the identity is not exactly one parseable certificate`,
    });
    // The genuine certificate's key does not verify the attacker's signature.
    expect(checkEcdsaSignature(publicKeyFromCertificate(genuine), message, signature)).toBe(
      'mismatch',
    );
  });

  it('accepts the genuine certificate, with either line ending', () => {
    expect(publicKeyFromCertificate(genuine).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(() => publicKeyFromCertificate(genuine.replace(/\n/g, '\r\n'))).not.toThrow();
    expect(
      checkIdentityTrust(
        loadTrustAnchors(fabric.ids.caCertificatesByMsp),
        { mspId: fabric.manufacturer.mspId, certificatePem: genuine },
        new Date(),
        undefined,
      ).ok,
    ).toBe(true);
  });
});
