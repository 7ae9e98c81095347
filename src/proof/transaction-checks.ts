/**
 * Checks on the transaction itself, mirroring what a Fabric committer validates
 * (core/common/validation): structure, channel, txId derivation, creator certificate and
 * signature, proposal hash, endorsements and the policy they satisfy, plus our own check that
 * the bundle's business records are exactly the endorsed chaincode event, whose records are
 * exactly the endorsed writes (write-checks.ts).
 */
import { PAYLOAD_EVENT_NAME } from '../../chaincode/src/payload.js';
import { computeTxId, sha256 } from '../ledger/block-hash.js';
import { checkEcdsaSignature, publicKeyFromCertificate } from '../ledger/ecdsa-signature.js';
import type { EndorserAction, EnvelopeHeader } from '../ledger/envelope-parser.js';
import { HeaderType } from '../ledger/types.js';
import { checkIdentityTrust, type IdentityTrust } from './certificate-trust.js';
import type { ProofCheck, ProofIdentity } from './proof-bundle.js';
import {
  check,
  notEvaluated,
  sameBytes,
  stableJson,
  type VerifyContext,
} from './verify-context.js';
import { writesCheck } from './write-checks.js';

/** The transaction envelope parsed as far as it would go. */
export interface ParsedTransaction {
  header: EnvelopeHeader | undefined;
  action: EndorserAction | undefined;
  error: string | undefined;
}

function verifySignature(
  identity: ProofIdentity,
  message: Uint8Array,
  signature: Uint8Array,
): string | undefined {
  try {
    return checkEcdsaSignature(
      publicKeyFromCertificate(identity.certificatePem),
      message,
      signature,
    );
  } catch {
    return 'unusable certificate';
  }
}

function sameIdentity(a: ProofIdentity, b: ProofIdentity): boolean {
  return a.mspId === b.mspId && a.certificatePem === b.certificatePem;
}

function structure(parsed: ParsedTransaction): ProofCheck {
  const { header, action } = parsed;
  if (header === undefined || action === undefined) {
    return check('transaction-structure', false, parsed.error ?? 'transaction did not parse');
  }
  const problems: string[] = [];
  if (header.headerType !== HeaderType.ENDORSER_TRANSACTION)
    problems.push(`header type ${header.headerType}`);
  if (header.creator === undefined) problems.push('no creator');
  if (action.actionCount !== 1)
    problems.push(`${action.actionCount} actions (Fabric allows exactly 1)`);
  if (!sameBytes(action.actionHeader, header.signatureHeaderBytes)) {
    problems.push('action signature header differs from the payload signature header');
  }
  return check(
    'transaction-structure',
    problems.length === 0,
    problems.join('; ') || 'one endorsed chaincode action',
  );
}

function creatorTrust(ctx: VerifyContext, creator: ProofIdentity): IdentityTrust {
  const { json } = ctx.bundle;
  if (!sameIdentity(creator, json.transaction.creator)) {
    return { ok: false, reason: 'bundle creator differs from the envelope creator' };
  }
  // The channel's Writers policy admits only members of its application organisations.
  if (!json.policy.orgs.includes(creator.mspId)) {
    return { ok: false, reason: `${creator.mspId} is not an application organisation` };
  }
  return checkIdentityTrust(
    ctx.anchors,
    creator,
    ctx.at,
    ctx.roles ? ['client', 'admin'] : undefined,
  );
}

function headerChecks(ctx: VerifyContext, header: EnvelopeHeader): ProofCheck[] {
  const { json } = ctx.bundle;
  const derived = computeTxId(header.nonce, header.creatorBytes);
  const txIdOk = header.txId === derived && header.txId === json.txId;
  const creator = header.creator;
  let certificate: ProofCheck;
  let signature: ProofCheck;
  if (creator === undefined) {
    certificate = check('creator-certificate', false, 'envelope names no creator');
    signature = check('creator-signature', false, 'envelope names no creator');
  } else {
    const trust = creatorTrust(ctx, creator);
    certificate = check(
      'creator-certificate',
      trust.ok,
      trust.ok ? `${creator.mspId} creator chains to a trusted CA` : trust.reason,
    );
    const problem = verifySignature(creator, header.payload, header.signature);
    signature = check(
      'creator-signature',
      problem === undefined,
      problem ?? 'creator signed the payload',
    );
  }
  const pinnedChannel = ctx.trust.channel;
  const channelOk =
    header.channelId === json.channel && (pinnedChannel ?? json.channel) === json.channel;
  return [
    check(
      'channel',
      channelOk,
      `envelope channel ${header.channelId}, bundle channel ${json.channel}` +
        (pinnedChannel === undefined ? '' : `, trusted channel ${pinnedChannel}`),
    ),
    check(
      'tx-id',
      txIdOk,
      `channel header ${header.txId}, SHA-256(nonce ‖ creator) ${derived}, bundle ${json.txId}`,
    ),
    certificate,
    signature,
  ];
}

function endorsementChecks(
  ctx: VerifyContext,
  header: EnvelopeHeader,
  action: EndorserAction,
): ProofCheck[] {
  const { json, endorsementSignatures } = ctx.bundle;
  const copies = json.transaction.endorsements;
  const countOk = copies.length === action.endorsements.length;
  const trusts: IdentityTrust[] = [];
  const signedOk: boolean[] = [];
  const certProblems: string[] = countOk
    ? []
    : [`bundle lists ${copies.length} endorsements, transaction has ${action.endorsements.length}`];
  const sigProblems: string[] = [...certProblems];
  action.endorsements.forEach((e, i) => {
    const copy = copies[i];
    const trust = checkIdentityTrust(
      ctx.anchors,
      e.endorser,
      ctx.at,
      ctx.roles ? ['peer'] : undefined,
    );
    trusts.push(trust);
    if (copy === undefined || !sameIdentity(copy, e.endorser))
      certProblems.push(`#${i}: bundle copy differs from the endorser`);
    if (!trust.ok) certProblems.push(`#${i}: ${trust.reason}`);
    const copySig = endorsementSignatures[i];
    if (copySig === undefined || !sameBytes(copySig, e.signature))
      sigProblems.push(`#${i}: bundle copy differs from the signature`);
    const problem = verifySignature(
      e.endorser,
      Buffer.concat([action.proposalResponsePayload, e.endorserBytes]),
      e.signature,
    );
    if (problem !== undefined) sigProblems.push(`#${i} (${e.endorser.mspId}): ${problem}`);
    signedOk.push(problem === undefined);
  });
  const n = action.endorsements.length;
  const hashOk = sameBytes(
    action.proposalHash,
    sha256(header.channelHeaderBytes, action.actionHeader, action.chaincodeProposalPayload),
  );
  return [
    check(
      'proposal-hash',
      hashOk,
      hashOk
        ? 'proposal hash covers this invocation'
        : 'proposal hash does not match channel header ‖ signature header ‖ proposal payload',
    ),
    check(
      'endorser-certificates',
      n > 0 && certProblems.length === 0,
      certProblems.join('; ') || `${n} endorser(s) trusted`,
    ),
    check(
      'endorsement-signatures',
      n > 0 && sigProblems.length === 0,
      sigProblems.join('; ') || `${n} endorsement signature(s) verify`,
    ),
    policyCheck(ctx, action, trusts, signedOk),
  ];
}

function policyCheck(
  ctx: VerifyContext,
  action: EndorserAction,
  trusts: IdentityTrust[],
  signedOk: boolean[],
): ProofCheck {
  const policy = ctx.bundle.json.policy;
  const orgs = new Set(policy.orgs);
  if (orgs.size === 0 || orgs.size !== policy.orgs.length) {
    return check('endorsement-policy', false, 'policy must name distinct organisations');
  }
  const pinned = ctx.trust.policy;
  if (
    pinned !== undefined &&
    (pinned.type !== policy.type ||
      stableJson([...pinned.orgs].sort()) !== stableJson([...orgs].sort()))
  ) {
    return check('endorsement-policy', false, 'bundle policy differs from the trusted policy');
  }
  const satisfied = new Set<string>();
  const issuers = new Set<string>();
  action.endorsements.forEach((e, i) => {
    const trust = trusts[i];
    const msp = e.endorser.mspId;
    if (trust?.ok !== true || signedOk[i] !== true || !orgs.has(msp) || satisfied.has(msp)) return;
    // With a flat CA list the MSP id is only a claim: one CA must not count as two organisations.
    if (ctx.anchors.flat !== undefined && issuers.has(trust.issuer)) return;
    satisfied.add(msp);
    issuers.add(trust.issuer);
  });
  const required =
    policy.type === 'ANY' ? 1 : policy.type === 'ALL' ? orgs.size : Math.floor(orgs.size / 2) + 1;
  const ok = satisfied.size >= required;
  return check(
    'endorsement-policy',
    ok,
    `${policy.type} of [${policy.orgs.join(', ')}] needs ${required}, endorsed by ${satisfied.size}${satisfied.size > 0 ? ` (${[...satisfied].join(', ')})` : ''}`,
  );
}

function recordsCheck(
  ctx: VerifyContext,
  header: EnvelopeHeader,
  action: EndorserAction,
): ProofCheck {
  const records = ctx.bundle.json.records;
  const event = action.event;
  if (event === undefined || records === null) {
    const ok = event === undefined && records === null;
    return check(
      'business-records',
      ok,
      ok
        ? 'transaction emitted no event and the bundle claims none'
        : 'records and chaincode event disagree on presence',
    );
  }
  const payload = ctx.bundle.recordsPayload ?? new Uint8Array(0);
  let reparsed: unknown = null;
  try {
    reparsed = JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
  } catch {
    // Not JSON: the bundle's parsed copy must then be null.
  }
  const problems: string[] = [];
  if (!sameBytes(payload, event.payload))
    problems.push('payload differs from the endorsed event payload');
  if (records.chaincodeId !== event.chaincodeId || records.eventName !== event.eventName)
    problems.push('event name or chaincode differs');
  // Only our contract's payload event carries business records, and only from the chaincode the
  // auditor trusts: another chaincode on the channel could emit a look-alike.
  if (event.eventName !== PAYLOAD_EVENT_NAME)
    problems.push(`event ${event.eventName} is not the provenance payload (${PAYLOAD_EVENT_NAME})`);
  if (action.chaincodeId !== undefined && action.chaincodeId.name !== event.chaincodeId)
    problems.push('event emitted by another chaincode than the one endorsed');
  if (ctx.trust.chaincode !== undefined && event.chaincodeId !== ctx.trust.chaincode)
    problems.push(
      `emitted by chaincode ${event.chaincodeId}, not the trusted ${ctx.trust.chaincode}`,
    );
  if (event.txId !== header.txId) problems.push('event was emitted by another transaction');
  if (stableJson(records.parsed) !== stableJson(reparsed))
    problems.push('parsed copy differs from the payload');
  return check(
    'business-records',
    problems.length === 0,
    problems.join('; ') ||
      `${event.eventName} payload (${payload.length} bytes) is the endorsed chaincode event`,
  );
}

/** Runs the transaction-level checks, in report order. */
export function transactionChecks(ctx: VerifyContext, parsed: ParsedTransaction): ProofCheck[] {
  const { header, action } = parsed;
  const why = parsed.error ?? 'transaction did not parse';
  const headerPart =
    header === undefined
      ? (['channel', 'tx-id', 'creator-certificate', 'creator-signature'] as const).map((n) =>
          notEvaluated(n, why),
        )
      : headerChecks(ctx, header);
  const actionPart =
    header === undefined || action === undefined
      ? (
          [
            'proposal-hash',
            'endorser-certificates',
            'endorsement-signatures',
            'endorsement-policy',
            'business-records',
            'records-written',
          ] as const
        ).map((n) => notEvaluated(n, why))
      : [
          ...endorsementChecks(ctx, header, action),
          recordsCheck(ctx, header, action),
          writesCheck(action, header.txId),
        ];
  return [structure(parsed), ...headerPart, ...actionPart];
}
