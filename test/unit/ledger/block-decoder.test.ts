import { common } from '@hyperledger/fabric-protos';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock } from '../../../src/ledger/block-builder.js';
import { decodeBlock } from '../../../src/ledger/block-decoder.js';
import { buildConfigEnvelope } from '../../../src/ledger/transaction-builder.js';
import { HeaderType, ValidationCode } from '../../../src/ledger/types.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { AT, buildMixedBlock, der, handHeaderDer, sha256 } from './block-fixtures.js';

describe('block decoder', () => {
  let fabric: TestFabric;
  beforeAll(async () => {
    fabric = await getTestFabric();
  });

  it('round-trips every decoded field of endorser, config, unknown and malformed envelopes', () => {
    const block = buildMixedBlock(fabric);
    const decoded = decodeBlock(block.bytes);
    expect(decoded.number).toBe(200n);
    expect(decoded.isConfig).toBe(true);
    expect(decoded.raw).toBe(block.bytes);
    expect(decoded.transactions.map((t) => t.txId)).toEqual([
      ...block.txIds.slice(0, 4),
      '',
      block.txIds[5],
    ]);
    expect(decoded.transactions.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(decoded.transactions.map((t) => t.headerType)).toEqual([
      3,
      3,
      HeaderType.CONFIG,
      42,
      -1,
      3,
    ]);
    expect(decoded.transactions.map((t) => t.validationCode)).toEqual([0, 11, 0, 13, 2, 0]);

    const [first, second, config, unknown, garbage, noEvent] = decoded.transactions;
    expect(first).toMatchObject({
      timestamp: AT,
      creatorMsp: 'ManufacturerMSP',
      endorserMsps: ['ManufacturerMSP', 'DistributorMSP'],
      chaincode: 'provenance',
      functionName: 'CaptureEvents',
      chaincodeEvent: { chaincodeId: 'provenance', eventName: 'provenance.v1' },
    });
    expect(Buffer.from(first?.chaincodeEvent?.payload ?? []).toString()).toBe(
      '{"version":1,"records":[]}',
    );
    expect(first?.decodeError).toBeUndefined();
    expect(second).toMatchObject({
      creatorMsp: 'PharmacyMSP',
      endorserMsps: ['PharmacyMSP', 'DistributorMSP', 'ManufacturerMSP'],
      functionName: 'Dispense',
    });
    expect(config).toMatchObject({ creatorMsp: 'OrdererMSP', endorserMsps: [], timestamp: AT });
    expect(config?.chaincode).toBeUndefined();
    expect(unknown).toMatchObject({ creatorMsp: 'PharmacyMSP', endorserMsps: [] });
    expect(unknown?.chaincodeEvent).toBeUndefined();
    expect(garbage?.decodeError).toMatch(/^envelope: /);
    expect(garbage).toMatchObject({ txId: '', creatorMsp: '', endorserMsps: [] });
    expect(noEvent?.chaincodeEvent).toBeUndefined();
    expect(noEvent?.functionName).toBe('NoEvent');
  });

  it('produces header, data hash and previous hash that recompute independently', () => {
    const block = buildMixedBlock(fabric);
    const parsed = common.Block.deserializeBinary(block.bytes);
    const header = parsed.getHeader();
    const envelopes = parsed.getData()?.getDataList_asU8() ?? [];
    expect(header?.getNumber()).toBe(200);
    expect(Buffer.from(header?.getPreviousHash_asU8() ?? []).equals(Buffer.alloc(32, 7))).toBe(
      true,
    );
    const dataHash = sha256(...envelopes);
    expect(Buffer.from(header?.getDataHash_asU8() ?? []).equals(dataHash)).toBe(true);

    const decoded = decodeBlock(block.bytes);
    const expectedHeaderHash = sha256(handHeaderDer(200, Buffer.alloc(32, 7), dataHash));
    expect(Buffer.from(decoded.headerHash).equals(expectedHeaderHash)).toBe(true);
    expect(Buffer.from(decoded.dataHash).equals(dataHash)).toBe(true);
    // Our hand-written block encoding is byte-identical to what the generated code writes.
    expect(Buffer.from(parsed.serializeBinary()).equals(block.bytes)).toBe(true);
    expect(decoded.dataHashMatches).toBe(true);
    // One envelope swapped for another: the header's data hash no longer covers the data.
    const data = parsed.getData();
    data?.setDataList([envelopes[1] ?? new Uint8Array(), ...envelopes.slice(1)]);
    expect(decodeBlock(parsed.serializeBinary()).dataHashMatches).toBe(false);
  });

  it('decodes a genesis-like block 0 and flags a missing filter byte as NOT_VALIDATED', () => {
    const config = buildConfigEnvelope(fabric.channel, 0, { timestamp: AT });
    const genesis = buildBlock({
      channel: fabric.channel,
      number: 0n,
      previousHash: new Uint8Array(0),
      orderer: fabric.orderer,
      items: [{ envelope: config.envelope }],
    });
    const parsed = common.Block.deserializeBinary(genesis.bytes);
    const metadata = parsed.getMetadata()?.getMetadataList_asU8() ?? [];
    metadata[2] = new Uint8Array(0);
    parsed.getMetadata()?.setMetadataList(metadata);
    const decoded = decodeBlock(parsed.serializeBinary());
    expect(decoded.number).toBe(0n);
    expect(decoded.previousHash).toHaveLength(0);
    expect(decoded.isConfig).toBe(true);
    expect(decoded.transactions[0]).toMatchObject({
      headerType: 1,
      creatorMsp: '',
      validationCode: ValidationCode.NOT_VALIDATED,
    });
    // SEQUENCE(39) { INTEGER 0, OCTET STRING(0), OCTET STRING(32) }
    const headerDer = Buffer.concat([
      der('3027020100'),
      der('0400'),
      der('0420'),
      decoded.dataHash,
    ]);
    expect(Buffer.from(decoded.headerHash).equals(sha256(headerDer))).toBe(true);
  });

  it('throws on bytes that are not a block', () => {
    expect(() => decodeBlock(new Uint8Array(0))).toThrow(/no header/);
  });
});
