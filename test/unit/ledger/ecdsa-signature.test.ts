import { createPublicKey, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkEcdsaSignature,
  decodeEcdsaSignature,
  encodeEcdsaSignature,
} from '../../../src/ledger/ecdsa-signature.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

describe('ECDSA signatures', () => {
  let fabric: TestFabric;
  beforeAll(async () => {
    fabric = await getTestFabric();
  });

  it('always produces low-S DER signatures that node verifies', () => {
    const signer = fabric.manufacturer.client;
    const publicKey = createPublicKey(signer.certificatePem);
    for (let i = 0; i < 64; i++) {
      const message = Buffer.from(`message ${i}`);
      const signature = signer.sign(message);
      const { s } = decodeEcdsaSignature(signature);
      expect(s <= N >> 1n).toBe(true);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(
        true,
      );
      expect(checkEcdsaSignature(publicKey, message, signature)).toBeUndefined();
    }
  });

  it('refuses the high-S twin that plain ECDSA would accept, and wrong messages', () => {
    const signer = fabric.manufacturer.client;
    const publicKey = createPublicKey(signer.certificatePem);
    const message = Buffer.from('payload');
    const { r, s } = decodeEcdsaSignature(signer.sign(message));
    const highS = encodeEcdsaSignature(r, N - s);
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, highS)).toBe(true);
    expect(checkEcdsaSignature(publicKey, message, highS)).toBe('high-s');
    expect(checkEcdsaSignature(publicKey, Buffer.from('other'), signer.sign(message))).toBe(
      'mismatch',
    );
    expect(checkEcdsaSignature(publicKey, message, Uint8Array.of(1, 2, 3))).toBe('malformed');
  });

  it('signs tens of thousands of messages per second with a prepared key', () => {
    const signer = fabric.manufacturer.client;
    const message = new Uint8Array(512);
    const count = 5000;
    const started = performance.now();
    for (let i = 0; i < count; i++) signer.sign(message);
    const perSecond = Math.round(count / ((performance.now() - started) / 1000));
    console.log(
      `ECDSA P-256 low-S signing: ${perSecond} signatures/s (512-byte messages, one core)`,
    );
    expect(perSecond).toBeGreaterThan(1000);
  });
});
