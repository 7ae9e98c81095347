/**
 * The ProofBundle: a self-contained JSON document that lets an auditor check, offline and without
 * trusting us, that a transaction was endorsed, ordered and committed on the channel, and which
 * business records it wrote. Field-by-field documentation and the list of checks are in
 * src/proof/README.md. Binary values are base64 (standard alphabet, padded); hashes are lower-case
 * hex; 64-bit block numbers are decimal strings because JSON numbers stop at 2^53.
 */

/** Identifies the document type. */
export const PROOF_BUNDLE_FORMAT = 'fabric-provenance/proof-bundle' as const;

/** Bumped when a field is removed or changes meaning; verifiers refuse versions they do not know. */
export const PROOF_BUNDLE_VERSION = 1 as const;

/** An endorsement policy over application organisations, as Fabric's ImplicitMeta rules count them. */
export interface EndorsementPolicy {
  /** MAJORITY: more than half of `orgs`; ANY: at least one; ALL: every one. */
  type: 'MAJORITY' | 'ANY' | 'ALL';
  /** MSP ids of the channel's application organisations. */
  orgs: string[];
}

/** A signer named on the ledger: MSP id and the PEM certificate exactly as carried in id_bytes. */
export interface ProofIdentity {
  mspId: string;
  certificatePem: string;
}

/** An endorsement copied from the transaction for readability; verified against the envelope. */
export interface ProofEndorsement extends ProofIdentity {
  /** base64 DER ECDSA signature over proposal_response_payload ‖ SerializedIdentity. */
  signature: string;
}

/** The three hashed header fields of a block. */
export interface ProofBlockHeader {
  /** Decimal uint64. */
  number: string;
  /** hex SHA-256 header hash of the previous block (empty for block 0). */
  previousHash: string;
  /** hex SHA-256 over the block's concatenated envelopes. */
  dataHash: string;
}

/** One orderer signature from metadata[SIGNATURES]. */
export interface ProofOrdererSignature {
  /** base64 serialized common.SignatureHeader (creator and nonce). */
  signatureHeader: string;
  /** base64 DER ECDSA signature over value ‖ signatureHeader ‖ DER(header). */
  signature: string;
  /** The creator named in signatureHeader, copied for readability; verified against it. */
  signer: ProofIdentity;
}

/** The business records: the transaction's chaincode event, raw and parsed. */
export interface ProofRecords {
  chaincodeId: string;
  eventName: string;
  /** base64 of the event payload bytes exactly as endorsed. */
  payload: string;
  /** JSON.parse of the payload (UTF-8), or null when it is not JSON; a convenience copy. */
  parsed: unknown;
}

/** A versioned, self-contained proof that one transaction is on the ledger. */
export interface ProofBundle {
  format: typeof PROOF_BUNDLE_FORMAT;
  version: typeof PROOF_BUNDLE_VERSION;
  channel: string;
  txId: string;
  /** Decimal uint64 number of the block holding the transaction. */
  blockNumber: string;
  /** Position of the transaction in the block's envelopes. */
  txIndex: number;
  /** TRANSACTIONS_FILTER byte the serving peer recorded; 0 is VALID. */
  validationCode: number;
  transaction: {
    /** base64 serialized common.Envelope of the transaction. */
    envelope: string;
    creator: ProofIdentity;
    endorsements: ProofEndorsement[];
  };
  block: {
    header: ProofBlockHeader;
    /** base64 of every envelope of the block, in order (the data hash needs them all). */
    envelopes: string[];
    /** metadata[SIGNATURES]: the orderer metadata value and its signatures. */
    ordererSignatures: {
      /** base64 Metadata.value (a serialized OrdererBlockMetadata). */
      value: string;
      signatures: ProofOrdererSignature[];
    };
  };
  /** Headers from this block (first) to the tip (last); each links to the one before it. */
  headerChain: ProofBlockHeader[];
  /** The last header of headerChain and its hash; compare with qscc GetChainInfo. */
  tip: { number: string; headerHash: string };
  /** The endorsement policy the verifier evaluates. */
  policy: EndorsementPolicy;
  /** The chaincode event of the transaction, or null when it emitted none. */
  records: ProofRecords | null;
}

/** Names of the checks a verification reports, in report order; stable across versions. */
export const PROOF_CHECKS = [
  'bundle-format',
  'transaction-structure',
  'channel',
  'tx-id',
  'creator-certificate',
  'creator-signature',
  'proposal-hash',
  'endorser-certificates',
  'endorsement-signatures',
  'endorsement-policy',
  'business-records',
  'records-written',
  'validation-code',
  'tx-in-block',
  'data-hash',
  'block-number',
  'header-chain',
  'orderer-certificates',
  'orderer-signatures',
] as const;

/** One of the stable check names. */
export type ProofCheckName = (typeof PROOF_CHECKS)[number];

/** The outcome of one check; `detail` says what was compared or why it failed. */
export interface ProofCheck {
  name: ProofCheckName;
  ok: boolean;
  detail: string;
}

/** The outcome of verifying a bundle: valid only when every check passed. */
export interface ProofVerification {
  valid: boolean;
  checks: ProofCheck[];
}

/** What the verifier trusts; nothing in the bundle is trusted on its own. */
export interface ProofTrust {
  /**
   * Trusted CA certificates (PEM; a string may hold several). By MSP id, an identity must chain
   * to a CA of the MSP it claims. As a flat list, it must chain to any of them, and distinct
   * organisations in the policy count are told apart by their issuing CA as well as their MSP id.
   */
  caCertificatesPem: Readonly<Record<string, readonly string[]>> | readonly string[];
  /**
   * Intermediate CA certificates (an MSP's intermediatecerts), in the same shape: an identity may
   * chain to a trusted CA through them. They are links, never trusted on their own.
   */
  intermediateCertificatesPem?: Readonly<Record<string, readonly string[]>> | readonly string[];
  /** The channel the auditor expects; when set, the bundle's channel must equal it. */
  channel?: string;
  /** The chaincode the auditor expects; when set, the records must come from its event. */
  chaincode?: string;
  /** MSP ids allowed to sign blocks; when omitted, the signer's certificate must carry OU=orderer. */
  ordererMsps?: readonly string[];
  /** The channel's policy as the auditor knows it; when set, the bundle's policy must equal it. */
  policy?: EndorsementPolicy;
  /** A tip the auditor obtained independently (qscc GetChainInfo); the chain must end there. */
  tip?: { number: bigint; headerHash: string };
  /** Check NodeOU roles (creator client/admin, endorsers peer, orderer orderer); default true. */
  checkRoles?: boolean;
}
