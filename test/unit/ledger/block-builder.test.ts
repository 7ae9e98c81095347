import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBlock, createBlockSequence } from '../../../src/ledger/block-builder.js';
import { decodeBlock } from '../../../src/ledger/block-decoder.js';
import { createFabricSigner, type FabricSigner } from '../../../src/ledger/fabric-signer.js';
import type { TransactionSpec } from '../../../src/ledger/transaction-builder.js';
import { getTestFabric, type TestFabric } from '../../support/fabric-identities.js';
import { buildMixedBlock, handHeaderDer, makeSpec, sha256 } from './block-fixtures.js';

describe('block builder', () => {
  let fabric: TestFabric;
  let unsignedCreator: FabricSigner;
  let unsignedEndorser: FabricSigner;
  let unsignedEndorser2: FabricSigner;

  beforeAll(async () => {
    fabric = await getTestFabric();
    unsignedCreator = createFabricSigner(fabric.ids.manufacturer.client, 'none');
    unsignedEndorser = createFabricSigner(fabric.ids.manufacturer.peer, 'none');
    unsignedEndorser2 = createFabricSigner(fabric.ids.distributor.peer, 'none');
  });

  it('writes the metadata slots as Fabric does and signs the header with the orderer key', () => {
    const block = buildMixedBlock(fabric);
    const metadata =
      common.Block.deserializeBinary(block.bytes).getMetadata()?.getMetadataList_asU8() ?? [];
    expect(metadata).toHaveLength(5);
    expect([...(metadata[2] ?? [])]).toEqual([0, 11, 0, 13, 2, 0]);
    expect(metadata[3]).toHaveLength(0);
    expect(metadata[4]).toHaveLength(0);
    const lastConfig = common.LastConfig.deserializeBinary(
      common.Metadata.deserializeBinary(metadata[1] ?? new Uint8Array()).getValue_asU8(),
    );
    expect(lastConfig.getIndex()).toBe(0);

    const signatures = common.Metadata.deserializeBinary(metadata[0] ?? new Uint8Array());
    expect(
      common.OrdererBlockMetadata.deserializeBinary(signatures.getValue_asU8()).hasLastConfig(),
    ).toBe(true);
    const [signature] = signatures.getSignaturesList();
    const signatureHeader = common.SignatureHeader.deserializeBinary(
      signature?.getSignatureHeader_asU8() ?? new Uint8Array(),
    );
    expect(signatureHeader.getNonce_asU8()).toHaveLength(24);
    expect(
      Buffer.from(signatureHeader.getCreator_asU8()).equals(fabric.orderer.serializedIdentity),
    ).toBe(true);
    const header = common.Block.deserializeBinary(block.bytes).getHeader();
    const signed = Buffer.concat([
      signatures.getValue_asU8(),
      signature?.getSignatureHeader_asU8() ?? new Uint8Array(),
      handHeaderDer(
        200,
        header?.getPreviousHash_asU8() ?? new Uint8Array(),
        header?.getDataHash_asU8() ?? new Uint8Array(),
      ),
    ]);
    const ordererKey = createPublicKey(fabric.orderer.certificatePem);
    expect(
      verify(
        'sha256',
        signed,
        { key: ordererKey, dsaEncoding: 'der' },
        signature?.getSignature_asU8() ?? new Uint8Array(),
      ),
    ).toBe(true);
  });

  it('builds endorser envelopes whose txId, signatures, proposal hash and write set check out', () => {
    const block = buildMixedBlock(fabric);
    const envelopeBytes =
      common.Block.deserializeBinary(block.bytes).getData()?.getDataList_asU8()[0] ??
      new Uint8Array();
    const envelope = common.Envelope.deserializeBinary(envelopeBytes);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const chHeaderBytes = payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array();
    const sigHeaderBytes = payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array();
    const chHeader = common.ChannelHeader.deserializeBinary(chHeaderBytes);
    const sigHeader = common.SignatureHeader.deserializeBinary(sigHeaderBytes);
    expect(chHeader.getChannelId()).toBe('supplychain');
    expect(chHeader.getType()).toBe(3);
    expect(sigHeader.getNonce_asU8()).toHaveLength(24);
    expect(chHeader.getTxId()).toBe(
      sha256(sigHeader.getNonce_asU8(), sigHeader.getCreator_asU8()).toString('hex'),
    );
    expect(chHeader.getTxId()).toBe(block.txIds[0]);
    const creatorKey = createPublicKey(fabric.manufacturer.client.certificatePem);
    expect(
      verify(
        'sha256',
        envelope.getPayload_asU8(),
        { key: creatorKey, dsaEncoding: 'der' },
        envelope.getSignature_asU8(),
      ),
    ).toBe(true);

    const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
    expect(Buffer.from(action?.getHeader_asU8() ?? []).equals(sigHeaderBytes)).toBe(true);
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(
      action?.getPayload_asU8() ?? new Uint8Array(),
    );
    const prpBytes =
      actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array();
    const prp = peer.ProposalResponsePayload.deserializeBinary(prpBytes);
    const proposalHash = sha256(
      chHeaderBytes,
      sigHeaderBytes,
      actionPayload.getChaincodeProposalPayload_asU8(),
    );
    expect(Buffer.from(prp.getProposalHash_asU8()).equals(proposalHash)).toBe(true);
    const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(
      peer.ChaincodeProposalPayload.deserializeBinary(
        actionPayload.getChaincodeProposalPayload_asU8(),
      ).getInput_asU8(),
    );
    expect(
      invocation
        .getChaincodeSpec()
        ?.getInput()
        ?.getArgsList_asU8()
        .map((a) => Buffer.from(a).toString()),
    ).toEqual(['CaptureEvents', '{"events":[]}']);

    const endorsements = actionPayload.getAction()?.getEndorsementsList() ?? [];
    expect(endorsements).toHaveLength(2);
    for (const [i, signer] of [fabric.manufacturer.peer, fabric.distributor.peer].entries()) {
      const e = endorsements[i];
      expect(Buffer.from(e?.getEndorser_asU8() ?? []).equals(signer.serializedIdentity)).toBe(true);
      const key = createPublicKey(signer.certificatePem);
      const message = Buffer.concat([prpBytes, e?.getEndorser_asU8() ?? new Uint8Array()]);
      expect(
        verify(
          'sha256',
          message,
          { key, dsaEncoding: 'der' },
          e?.getSignature_asU8() ?? new Uint8Array(),
        ),
      ).toBe(true);
    }

    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
    expect(chaincodeAction.getChaincodeId()?.getName()).toBe('provenance');
    expect(chaincodeAction.getResponse()?.getStatus()).toBe(200);
    const event = peer.ChaincodeEvent.deserializeBinary(chaincodeAction.getEvents_asU8());
    expect(event.getTxId()).toBe(block.txIds[0]);
    const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
    const [ns] = rwset.getNsRwsetList();
    expect(ns?.getNamespace()).toBe('provenance');
    const writes = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(
      ns?.getRwset_asU8() ?? new Uint8Array(),
    ).getWritesList();
    expect(
      writes.map((w) => [w.getKey(), Buffer.from(w.getValue_asU8()).toString(), w.getIsDelete()]),
    ).toEqual([
      ['event:1', '{"a":1}', false],
      ['old', '', true],
    ]);
  });

  it('keeps block numbers past 2^53 exact and links a sequence of blocks', () => {
    const start = 2n ** 60n + 3n;
    const sequence = createBlockSequence({
      channel: fabric.channel,
      orderer: fabric.orderer,
      startNumber: start,
      previousHash: randomBytes(32),
    });
    const a = decodeBlock(sequence.next([makeSpec(fabric)]).bytes);
    const b = decodeBlock(sequence.next([]).bytes);
    const c = decodeBlock(sequence.next([makeSpec(fabric), makeSpec(fabric)]).bytes);
    expect([a.number, b.number, c.number]).toEqual([start, start + 1n, start + 2n]);
    expect(Buffer.from(b.previousHash).equals(a.headerHash)).toBe(true);
    expect(Buffer.from(c.previousHash).equals(b.headerHash)).toBe(true);
    expect(b.transactions).toEqual([]);
    expect(Buffer.from(b.dataHash).equals(sha256())).toBe(true);
    expect(sequence.nextNumber).toBe(start + 3n);
  });

  it('reports builder and decoder throughput, with real and with unsigned (bench) signatures', () => {
    const unsigned = (signer: FabricSigner): FabricSigner => ({
      ...signer,
      sign: () => new Uint8Array(0),
    });
    const runs: Array<[string, TransactionSpec, FabricSigner]> = [
      ['ecdsa', makeSpec(fabric), fabric.orderer],
      [
        'none',
        {
          ...makeSpec(fabric),
          creator: unsignedCreator,
          endorsers: [unsignedEndorser, unsignedEndorser2],
        },
        unsigned(fabric.orderer),
      ],
    ];
    for (const [mode, tx, orderer] of runs) {
      const count = 50;
      const blocks: Uint8Array[] = [];
      let started = performance.now();
      for (let i = 0; i < count; i++) {
        blocks.push(
          buildBlock({
            channel: fabric.channel,
            number: BigInt(i),
            previousHash: new Uint8Array(32),
            orderer,
            items: Array.from({ length: 10 }, () => tx),
          }).bytes,
        );
      }
      const built = Math.round((count * 10) / ((performance.now() - started) / 1000));
      started = performance.now();
      const decoded = blocks.map((b) => decodeBlock(b));
      const read = Math.round((count * 10) / ((performance.now() - started) / 1000));
      console.log(
        `block builder (${mode} signatures): ${built} tx/s built, ${read} tx/s decoded (2 endorsements, 10 tx per block)`,
      );
      expect(decoded.every((d) => d.transactions.length === 10)).toBe(true);
    }
  });

  it('leaves every signature empty in none mode, so bench blocks can never pass for real ones', () => {
    const tx = { ...makeSpec(fabric), creator: unsignedCreator, endorsers: [unsignedEndorser] };
    const block = buildBlock({
      channel: fabric.channel,
      number: 1n,
      previousHash: new Uint8Array(32),
      orderer: createFabricSigner(fabric.ids.orderer.orderer, 'none'),
      items: [tx],
    });
    const envelope = common.Envelope.deserializeBinary(
      common.Block.deserializeBinary(block.bytes).getData()?.getDataList_asU8()[0] ??
        new Uint8Array(),
    );
    expect(envelope.getSignature_asU8()).toHaveLength(0);
    expect(decodeBlock(block.bytes).transactions[0]?.endorserMsps).toEqual(['ManufacturerMSP']);
  });
});
