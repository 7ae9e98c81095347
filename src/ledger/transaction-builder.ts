/**
 * Builds transaction envelopes in Fabric's exact layout (protoutil.CreateSignedTx and the
 * endorser's CreateProposalResponse): signature header with creator and nonce, txId =
 * hex SHA-256(nonce ‖ creator), proposal hash over channel header ‖ signature header ‖
 * chaincode proposal payload, endorsements over proposal_response_payload ‖ endorser, and the
 * creator's signature over the payload. Used by tests and the benchmark loader, no network.
 */
import { randomBytes } from 'node:crypto';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import { computeTxId, sha256 } from './block-hash.js';
import type { FabricSigner } from './fabric-signer.js';
import { HeaderType } from './types.js';

/** One key written by a transaction. */
export interface KvWriteSpec {
  key: string;
  value?: Uint8Array | string;
  isDelete?: boolean;
}

/** An endorsed chaincode invocation to put in a block. */
export interface TransactionSpec {
  creator: FabricSigner;
  endorsers: readonly FabricSigner[];
  chaincode: string;
  /** Chaincode definition version reported by the endorsers; default "1.0". */
  chaincodeVersion?: string;
  functionName: string;
  args?: readonly (string | Uint8Array)[];
  /** The chaincode event; its chaincode id is `chaincode` unless given (a forged event names another). */
  event?: { name: string; payload: Uint8Array; chaincodeId?: string };
  writes?: readonly KvWriteSpec[];
  /**
   * A serialized TxReadWriteSet to endorse instead of the one `writes` makes: for read-write sets
   * with more than the chaincode's public writes (other namespaces, metadata, private data).
   */
  results?: Uint8Array;
  /** TRANSACTIONS_FILTER byte the committing peer would set; default 0 (VALID). */
  validationCode?: number;
  /** Channel header timestamp; default now. */
  timestamp?: Date;
  /** Signature header nonce; default 24 random bytes, as Fabric clients use. */
  nonce?: Uint8Array;
  /** Chaincode response payload; default empty. */
  responsePayload?: Uint8Array;
}

/** A serialized envelope and the transaction id in its channel header. */
export interface BuiltEnvelope {
  envelope: Uint8Array;
  txId: string;
}

const NONCE_LENGTH = 24;
const textEncoder = new TextEncoder();
const toBytes = (value: string | Uint8Array): Uint8Array =>
  typeof value === 'string' ? textEncoder.encode(value) : value;

function timestamp(date: Date): timestampPb.Timestamp {
  const ts = new timestampPb.Timestamp();
  const millis = date.getTime();
  ts.setSeconds(Math.floor(millis / 1000));
  ts.setNanos((millis % 1000) * 1e6);
  return ts;
}

function channelHeader(
  type: number,
  channel: string,
  txId: string,
  at: Date,
): common.ChannelHeader {
  const header = new common.ChannelHeader();
  header.setType(type);
  header.setChannelId(channel);
  header.setTxId(txId);
  header.setTimestamp(timestamp(at));
  return header;
}

function signatureHeader(creator: Uint8Array, nonce: Uint8Array): Uint8Array {
  const header = new common.SignatureHeader();
  header.setCreator(creator);
  header.setNonce(nonce);
  return header.serializeBinary();
}

function signedEnvelope(
  channelHeaderBytes: Uint8Array,
  signatureHeaderBytes: Uint8Array,
  data: Uint8Array,
  signer: FabricSigner | undefined,
): Uint8Array {
  const header = new common.Header();
  header.setChannelHeader(channelHeaderBytes);
  header.setSignatureHeader(signatureHeaderBytes);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(data);
  const payloadBytes = payload.serializeBinary();
  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(signer?.sign(payloadBytes) ?? new Uint8Array(0));
  return envelope.serializeBinary();
}

function chaincodeProposalPayload(spec: TransactionSpec): Uint8Array {
  const id = new peer.ChaincodeID();
  id.setName(spec.chaincode);
  const input = new peer.ChaincodeInput();
  input.setArgsList([spec.functionName, ...(spec.args ?? [])].map(toBytes));
  const chaincodeSpec = new peer.ChaincodeSpec();
  chaincodeSpec.setChaincodeId(id);
  chaincodeSpec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(chaincodeSpec);
  // The transient map never reaches the transaction, so there is nothing to strip here.
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());
  return proposalPayload.serializeBinary();
}

function readWriteSet(namespace: string, writes: readonly KvWriteSpec[]): Uint8Array {
  const kv = new ledger.rwset.kvrwset.KVRWSet();
  kv.setWritesList(
    writes.map((w) => {
      const write = new ledger.rwset.kvrwset.KVWrite();
      write.setKey(w.key);
      write.setIsDelete(w.isDelete ?? false);
      if (w.value !== undefined) write.setValue(toBytes(w.value));
      return write;
    }),
  );
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace(namespace);
  ns.setRwset(kv.serializeBinary());
  const set = new ledger.rwset.TxReadWriteSet();
  set.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  set.setNsRwsetList([ns]);
  return set.serializeBinary();
}

function proposalResponsePayload(
  spec: TransactionSpec,
  txId: string,
  hash: Uint8Array,
): Uint8Array {
  const action = new peer.ChaincodeAction();
  action.setResults(spec.results ?? readWriteSet(spec.chaincode, spec.writes ?? []));
  if (spec.event !== undefined) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(spec.event.chaincodeId ?? spec.chaincode);
    event.setTxId(txId);
    event.setEventName(spec.event.name);
    event.setPayload(spec.event.payload);
    action.setEvents(event.serializeBinary());
  }
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(spec.responsePayload ?? new Uint8Array(0));
  action.setResponse(response);
  const id = new peer.ChaincodeID();
  id.setName(spec.chaincode);
  id.setVersion(spec.chaincodeVersion ?? '1.0');
  action.setChaincodeId(id);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(hash);
  payload.setExtension$(action.serializeBinary());
  return payload.serializeBinary();
}

/** Builds the signed envelope of an endorsed chaincode invocation. */
export function buildEndorserEnvelope(channel: string, spec: TransactionSpec): BuiltEnvelope {
  const nonce = spec.nonce ?? randomBytes(NONCE_LENGTH);
  const creator = spec.creator.serializedIdentity;
  const txId = computeTxId(nonce, creator);
  const chHeader = channelHeader(
    HeaderType.ENDORSER_TRANSACTION,
    channel,
    txId,
    spec.timestamp ?? new Date(),
  );
  const extension = new peer.ChaincodeHeaderExtension();
  const id = new peer.ChaincodeID();
  id.setName(spec.chaincode);
  extension.setChaincodeId(id);
  chHeader.setExtension$(extension.serializeBinary());
  const chHeaderBytes = chHeader.serializeBinary();
  const sigHeaderBytes = signatureHeader(creator, nonce);
  const ccPayload = chaincodeProposalPayload(spec);
  const prp = proposalResponsePayload(spec, txId, sha256(chHeaderBytes, sigHeaderBytes, ccPayload));

  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(prp);
  endorsed.setEndorsementsList(
    spec.endorsers.map((endorser) => {
      const endorsement = new peer.Endorsement();
      endorsement.setEndorser(endorser.serializedIdentity);
      endorsement.setSignature(endorser.sign(Buffer.concat([prp, endorser.serializedIdentity])));
      return endorsement;
    }),
  );
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(ccPayload);
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setHeader(sigHeaderBytes);
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const data = transaction.serializeBinary();
  return { envelope: signedEnvelope(chHeaderBytes, sigHeaderBytes, data, spec.creator), txId };
}

/** Options for envelopes that are not endorser transactions. */
export interface OtherEnvelopeOptions {
  /** Signs the envelope and names the creator; omitted for an unsigned (genesis-like) envelope. */
  signer?: FabricSigner;
  timestamp?: Date;
  nonce?: Uint8Array;
}

/** Builds an envelope of any header type around opaque data (unknown or future types). */
export function buildEnvelopeOfType(
  channel: string,
  headerType: number,
  data: Uint8Array,
  options: OtherEnvelopeOptions = {},
): BuiltEnvelope {
  const nonce = options.nonce ?? randomBytes(NONCE_LENGTH);
  const creator = options.signer?.serializedIdentity ?? new Uint8Array(0);
  const txId = computeTxId(nonce, creator);
  const chHeader = channelHeader(headerType, channel, txId, options.timestamp ?? new Date());
  const envelope = signedEnvelope(
    chHeader.serializeBinary(),
    signatureHeader(creator, nonce),
    data,
    options.signer,
  );
  return { envelope, txId };
}

/** Builds a CONFIG envelope holding a minimal ConfigEnvelope (a config block's only transaction). */
export function buildConfigEnvelope(
  channel: string,
  sequence: number,
  options: OtherEnvelopeOptions = {},
): BuiltEnvelope {
  const config = new common.Config();
  config.setSequence(sequence);
  config.setChannelGroup(new common.ConfigGroup());
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);
  return buildEnvelopeOfType(channel, HeaderType.CONFIG, configEnvelope.serializeBinary(), options);
}
