/**
 * Shared material for the ledger tests: a transaction spec factory, a block mixing endorser,
 * config, unknown and malformed envelopes, and an independent hand DER of block headers.
 */
import { createHash } from 'node:crypto';
import { buildBlock, type BuiltBlock } from '../../../src/ledger/block-builder.js';
import {
  buildConfigEnvelope,
  buildEnvelopeOfType,
  type TransactionSpec,
} from '../../../src/ledger/transaction-builder.js';
import { ValidationCode } from '../../../src/ledger/types.js';
import type { TestFabric } from '../../support/fabric-identities.js';

/** Timestamp of every built transaction. */
export const AT = new Date('2025-03-04T05:06:07.089Z');

/** SHA-256 of the concatenated parts, via node:crypto directly. */
export const sha256 = (...parts: Uint8Array[]): Buffer =>
  createHash('sha256').update(Buffer.concat(parts)).digest();

/** Hex to bytes. */
export const der = (s: string): Buffer => Buffer.from(s, 'hex');

/** DER of the header by hand: lengths are all short-form for 32-byte hashes and small numbers. */
export function handHeaderDer(
  number: number,
  previousHash: Uint8Array,
  dataHash: Uint8Array,
): Buffer {
  const integer =
    number < 0x80
      ? Buffer.of(0x02, 0x01, number)
      : Buffer.of(0x02, 0x02, number >> 8, number & 0xff);
  const body = Buffer.concat([
    integer,
    Buffer.of(0x04, previousHash.length),
    previousHash,
    Buffer.of(0x04, dataHash.length),
    dataHash,
  ]);
  return Buffer.concat([Buffer.of(0x30, body.length), body]);
}

/** A CaptureEvents transaction by the manufacturer, endorsed by manufacturer and distributor. */
export function makeSpec(
  fabric: TestFabric,
  overrides: Partial<TransactionSpec> = {},
): TransactionSpec {
  return {
    creator: fabric.manufacturer.client,
    endorsers: [fabric.manufacturer.peer, fabric.distributor.peer],
    chaincode: 'provenance',
    functionName: 'CaptureEvents',
    args: ['{"events":[]}'],
    event: { name: 'provenance.v1', payload: Buffer.from('{"version":1,"records":[]}') },
    writes: [
      { key: 'event:1', value: '{"a":1}' },
      { key: 'old', isDelete: true },
    ],
    timestamp: AT,
    ...overrides,
  };
}

/** Block 200: VALID tx, MVCC-conflicted tx, config, unknown type 42, garbage, tx without event. */
export function buildMixedBlock(fabric: TestFabric): BuiltBlock {
  const garbage = Uint8Array.of(0xff, 0xff, 0xff, 0x01);
  const config = buildConfigEnvelope(fabric.channel, 3, { signer: fabric.orderer, timestamp: AT });
  const unknown = buildEnvelopeOfType(fabric.channel, 42, Buffer.from('future'), {
    signer: fabric.pharmacy.client,
    timestamp: AT,
  });
  return buildBlock({
    channel: fabric.channel,
    number: 200n,
    previousHash: new Uint8Array(32).fill(7),
    orderer: fabric.orderer,
    items: [
      makeSpec(fabric),
      makeSpec(fabric, {
        creator: fabric.pharmacy.client,
        endorsers: [fabric.pharmacy.peer, fabric.distributor.peer, fabric.manufacturer.peer],
        functionName: 'Dispense',
        validationCode: ValidationCode.MVCC_READ_CONFLICT,
      }),
      { envelope: config.envelope, txId: config.txId },
      { envelope: unknown.envelope, txId: unknown.txId, validationCode: 13 },
      { envelope: garbage, validationCode: 2 },
      makeSpec(fabric, { event: undefined, functionName: 'NoEvent' }),
    ],
  });
}
