/**
 * Parses one transaction envelope into the fields the decoder and the proof need, keeping the
 * exact bytes that signatures and hashes cover (re-serializing a parsed protobuf is not
 * guaranteed to reproduce them). Throws on malformed input; the block decoder catches per stage.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { parseIdentity, type LedgerIdentity } from './serialized-identity.js';

/** The signed envelope and its common header. */
export interface EnvelopeHeader {
  /** Envelope.payload: the bytes the creator signed. */
  payload: Uint8Array;
  signature: Uint8Array;
  channelHeaderBytes: Uint8Array;
  signatureHeaderBytes: Uint8Array;
  headerType: number;
  channelId: string;
  txId: string;
  timestamp: Date;
  /** Undefined when the signature header names no creator (e.g. a genesis config). */
  creator: LedgerIdentity | undefined;
  creatorBytes: Uint8Array;
  nonce: Uint8Array;
  /** Payload.data: a peer.Transaction for endorser transactions. */
  data: Uint8Array;
}

/** One endorsement of the transaction's action. */
export interface EndorsementDetail {
  /** SerializedIdentity bytes of the endorser, part of what it signed. */
  endorserBytes: Uint8Array;
  endorser: LedgerIdentity;
  signature: Uint8Array;
}

/** A chaincode event as endorsed in ChaincodeAction.events. */
export interface ChaincodeEventDetail {
  chaincodeId: string;
  txId: string;
  eventName: string;
  payload: Uint8Array;
}

/** The (first) action of an endorser transaction. */
export interface EndorserAction {
  /** Fabric accepts exactly one action per transaction; more or fewer is invalid. */
  actionCount: number;
  /** TransactionAction.header: a serialized SignatureHeader, hashed into the proposal hash. */
  actionHeader: Uint8Array;
  /** ChaincodeActionPayload.chaincode_proposal_payload (transient map stripped). */
  chaincodeProposalPayload: Uint8Array;
  /** The bytes every endorser signed (followed by its own identity bytes). */
  proposalResponsePayload: Uint8Array;
  proposalHash: Uint8Array;
  endorsements: EndorsementDetail[];
  /** Chaincode named by the invocation spec, and its arguments (args[0] is the function). */
  invocation: { chaincode: string; args: Uint8Array[] } | undefined;
  /** ChaincodeAction.chaincode_id as the endorsing peer reported it. */
  chaincodeId: { name: string; version: string } | undefined;
  /** ChaincodeAction.results: a serialized TxReadWriteSet. */
  results: Uint8Array;
  response: { status: number; message: string; payload: Uint8Array } | undefined;
  event: ChaincodeEventDetail | undefined;
}

function timestampOf(header: common.ChannelHeader): Date {
  const ts = header.getTimestamp();
  if (ts === undefined) return new Date(0);
  return new Date(ts.getSeconds() * 1000 + Math.floor(ts.getNanos() / 1e6));
}

/**
 * Parses an Envelope, its Payload and common Header.
 * @throws Error when any of them is malformed.
 */
export function parseEnvelopeHeader(envelopeBytes: Uint8Array): EnvelopeHeader {
  const envelope = common.Envelope.deserializeBinary(envelopeBytes);
  const payloadBytes = envelope.getPayload_asU8();
  const payload = common.Payload.deserializeBinary(payloadBytes);
  const header = payload.getHeader();
  if (header === undefined) throw new Error('payload has no header');
  const channelHeaderBytes = header.getChannelHeader_asU8();
  const signatureHeaderBytes = header.getSignatureHeader_asU8();
  const channelHeader = common.ChannelHeader.deserializeBinary(channelHeaderBytes);
  const signatureHeader = common.SignatureHeader.deserializeBinary(signatureHeaderBytes);
  const creatorBytes = signatureHeader.getCreator_asU8();
  return {
    payload: payloadBytes,
    signature: envelope.getSignature_asU8(),
    channelHeaderBytes,
    signatureHeaderBytes,
    headerType: channelHeader.getType(),
    channelId: channelHeader.getChannelId(),
    txId: channelHeader.getTxId(),
    timestamp: timestampOf(channelHeader),
    creator: creatorBytes.length > 0 ? parseIdentity(creatorBytes) : undefined,
    creatorBytes,
    nonce: signatureHeader.getNonce_asU8(),
    data: payload.getData_asU8(),
  };
}

function parseInvocation(chaincodeProposalPayload: Uint8Array): EndorserAction['invocation'] {
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(chaincodeProposalPayload);
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8());
  const chaincodeSpec = spec.getChaincodeSpec();
  if (chaincodeSpec === undefined) return undefined;
  return {
    chaincode: chaincodeSpec.getChaincodeId()?.getName() ?? '',
    args: chaincodeSpec.getInput()?.getArgsList_asU8() ?? [],
  };
}

/**
 * Parses Payload.data of an ENDORSER_TRANSACTION down to the endorsed chaincode action.
 * @throws Error when the transaction has no action or any layer is malformed.
 */
export function parseEndorserAction(transactionBytes: Uint8Array): EndorserAction {
  const transaction = peer.Transaction.deserializeBinary(transactionBytes);
  const actions = transaction.getActionsList();
  const action = actions[0];
  if (action === undefined) throw new Error('transaction has no action');
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  if (endorsed === undefined) throw new Error('chaincode action payload has no endorsed action');
  const proposalResponsePayload = endorsed.getProposalResponsePayload_asU8();
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(proposalResponsePayload);
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(
    responsePayload.getExtension_asU8(),
  );
  const eventBytes = chaincodeAction.getEvents_asU8();
  const event =
    eventBytes.length > 0 ? peer.ChaincodeEvent.deserializeBinary(eventBytes) : undefined;
  const response = chaincodeAction.getResponse();
  const chaincodeId = chaincodeAction.getChaincodeId();
  const chaincodeProposalPayload = actionPayload.getChaincodeProposalPayload_asU8();
  return {
    actionCount: actions.length,
    actionHeader: action.getHeader_asU8(),
    chaincodeProposalPayload,
    proposalResponsePayload,
    proposalHash: responsePayload.getProposalHash_asU8(),
    endorsements: endorsed.getEndorsementsList().map((e) => {
      const endorserBytes = e.getEndorser_asU8();
      return {
        endorserBytes,
        endorser: parseIdentity(endorserBytes),
        signature: e.getSignature_asU8(),
      };
    }),
    invocation: parseInvocation(chaincodeProposalPayload),
    chaincodeId:
      chaincodeId === undefined
        ? undefined
        : { name: chaincodeId.getName(), version: chaincodeId.getVersion() },
    results: chaincodeAction.getResults_asU8(),
    response:
      response === undefined
        ? undefined
        : {
            status: response.getStatus(),
            message: response.getMessage(),
            payload: response.getPayload_asU8(),
          },
    event:
      event === undefined
        ? undefined
        : {
            chaincodeId: event.getChaincodeId(),
            txId: event.getTxId(),
            eventName: event.getEventName(),
            payload: event.getPayload_asU8(),
          },
  };
}
