/**
 * One Fabric Gateway connection per organisation: a TLS gRPC channel to that org's peer and the
 * org's signing identity. Thin by intent (no network in unit tests): everything that can be pure
 * lives in the decoder, the error mapping and qscc's response decoding.
 */
import { createPrivateKey } from 'node:crypto';
import { Client, credentials } from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';

/** Where and as whom to connect for one organisation. */
export interface OrgConnectionOptions {
  mspId: string;
  /** host:port of the org's gateway peer. */
  endpoint: string;
  /** PEM of the CA that issued the peer's TLS certificate. */
  tlsCaCertificatePem: string;
  /** TLS server name to expect when `endpoint` is an IP or alias (e.g. peer0.manufacturer.example.com). */
  tlsServerName?: string;
  /** The client identity: X.509 certificate and its ECDSA private key, both PEM. */
  certificatePem: string;
  privateKeyPem: string;
  /** Per-call deadlines in milliseconds. */
  timeouts?: {
    evaluateMs?: number;
    endorseMs?: number;
    submitMs?: number;
    commitStatusMs?: number;
  };
}

/** An open connection; close it to release the gRPC channel. */
export interface OrgConnection {
  readonly mspId: string;
  readonly gateway: Gateway;
  close(): void;
}

const deadline = (ms: number) => () => ({ deadline: Date.now() + ms });

/** Opens a gateway connection for one organisation (lazy: gRPC connects on first call). */
export function connectOrg(options: OrgConnectionOptions): OrgConnection {
  const channelOptions =
    options.tlsServerName === undefined
      ? {}
      : { 'grpc.ssl_target_name_override': options.tlsServerName };
  const client = new Client(
    options.endpoint,
    credentials.createSsl(Buffer.from(options.tlsCaCertificatePem)),
    channelOptions,
  );
  const t = options.timeouts ?? {};
  const gateway = connect({
    client,
    identity: { mspId: options.mspId, credentials: Buffer.from(options.certificatePem) },
    signer: signers.newPrivateKeySigner(createPrivateKey(options.privateKeyPem)),
    hash: hash.sha256,
    evaluateOptions: deadline(t.evaluateMs ?? 5_000),
    endorseOptions: deadline(t.endorseMs ?? 15_000),
    submitOptions: deadline(t.submitMs ?? 5_000),
    commitStatusOptions: deadline(t.commitStatusMs ?? 60_000),
  });
  return {
    mspId: options.mspId,
    gateway,
    close() {
      gateway.close();
      client.close();
    },
  };
}
