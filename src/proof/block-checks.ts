/**
 * Checks that place the transaction in a block and the block in the chain: validation code,
 * position among the envelopes, data hash, block number, header chain to the tip, and the
 * orderer's signatures over the header.
 */
import { blockDataHash, blockHeaderBytes, blockHeaderHash } from '../ledger/block-hash.js';
import { parseSignatureHeader } from '../ledger/block-reader.js';
import { checkEcdsaSignature, publicKeyFromCertificate } from '../ledger/ecdsa-signature.js';
import { ValidationCode } from '../ledger/types.js';
import { checkIdentityTrust } from './certificate-trust.js';
import type { ProofCheck } from './proof-bundle.js';
import { check, sameBytes, type VerifyContext } from './verify-context.js';

function validationCode(ctx: VerifyContext): ProofCheck {
  const code = ctx.bundle.json.validationCode;
  return check(
    'validation-code',
    code === ValidationCode.VALID,
    `validation code ${code} (0 is VALID), as the bundle states it: block metadata carries no signature`,
  );
}

function txInBlock(ctx: VerifyContext): ProofCheck {
  const { envelopes, envelope, json } = ctx.bundle;
  const atIndex = envelopes[json.txIndex];
  if (atIndex === undefined) {
    return check(
      'tx-in-block',
      false,
      `txIndex ${json.txIndex} outside the block's ${envelopes.length} envelopes`,
    );
  }
  const ok = sameBytes(atIndex, envelope);
  return check(
    'tx-in-block',
    ok,
    ok
      ? `envelope ${json.txIndex} of ${envelopes.length}`
      : `envelope ${json.txIndex} differs from the transaction envelope`,
  );
}

function dataHash(ctx: VerifyContext): ProofCheck {
  const ok = sameBytes(blockDataHash(ctx.bundle.envelopes), ctx.bundle.header.dataHash);
  return check(
    'data-hash',
    ok,
    ok
      ? 'SHA-256 of the envelopes equals header.dataHash'
      : 'SHA-256 of the envelopes differs from header.dataHash',
  );
}

function blockNumber(ctx: VerifyContext): ProofCheck {
  const ok = ctx.bundle.blockNumber === ctx.bundle.header.number;
  return check(
    'block-number',
    ok,
    `blockNumber ${ctx.bundle.blockNumber}, header number ${ctx.bundle.header.number}`,
  );
}

function headerChain(ctx: VerifyContext): ProofCheck {
  const { headerChain: chain, header, tip } = ctx.bundle;
  const first = chain[0];
  if (first === undefined) return check('header-chain', false, 'header chain is empty');
  if (
    first.number !== header.number ||
    !sameBytes(first.previousHash, header.previousHash) ||
    !sameBytes(first.dataHash, header.dataHash)
  ) {
    return check('header-chain', false, 'first header of the chain is not the block header');
  }
  for (let i = 1; i < chain.length; i++) {
    const previous = chain[i - 1];
    const current = chain[i];
    if (previous === undefined || current === undefined) break;
    if (current.number !== previous.number + 1n) {
      return check(
        'header-chain',
        false,
        `block ${current.number} does not follow ${previous.number}`,
      );
    }
    if (!sameBytes(current.previousHash, blockHeaderHash(previous))) {
      return check(
        'header-chain',
        false,
        `block ${current.number} previousHash is not the hash of block ${previous.number}`,
      );
    }
  }
  const last = chain[chain.length - 1] ?? first;
  const lastHash = blockHeaderHash(last);
  if (tip.number !== last.number || !sameBytes(tip.headerHash, lastHash)) {
    return check('header-chain', false, 'tip does not match the last header of the chain');
  }
  const pinned = ctx.trust.tip;
  if (
    pinned !== undefined &&
    (pinned.number !== tip.number ||
      pinned.headerHash.toLowerCase() !== Buffer.from(lastHash).toString('hex'))
  ) {
    return check(
      'header-chain',
      false,
      `chain ends at block ${tip.number}, not at the trusted tip ${pinned.number}`,
    );
  }
  return check(
    'header-chain',
    true,
    `${chain.length} linked headers from block ${first.number} to tip ${last.number} (header hash ${Buffer.from(lastHash).toString('hex')})${pinned ? ', the trusted tip' : ''}`,
  );
}

function ordererChecks(ctx: VerifyContext): ProofCheck[] {
  const signatures = ctx.bundle.ordererSignatures;
  if (signatures.length === 0) {
    return [
      check('orderer-certificates', false, 'block carries no orderer signature'),
      check('orderer-signatures', false, 'block carries no orderer signature'),
    ];
  }
  const certProblems: string[] = [];
  const sigProblems: string[] = [];
  const signedHeader = blockHeaderBytes(ctx.bundle.header);
  signatures.forEach((s, i) => {
    let creator;
    try {
      creator = parseSignatureHeader(s.signatureHeader).creator;
    } catch {
      certProblems.push(`#${i}: signature header does not parse`);
      sigProblems.push(`#${i}: signature header does not parse`);
      return;
    }
    if (creator.mspId !== s.signer.mspId || creator.certificatePem !== s.signer.certificatePem) {
      certProblems.push(`#${i}: signer differs from the signature header's creator`);
    }
    const allowed = ctx.trust.ordererMsps;
    if (allowed !== undefined && !allowed.includes(creator.mspId)) {
      certProblems.push(`#${i}: ${creator.mspId} is not an orderer MSP`);
    }
    const roles = ctx.roles || allowed === undefined ? ['orderer'] : undefined;
    const trust = checkIdentityTrust(ctx.anchors, creator, ctx.at, roles);
    if (!trust.ok) certProblems.push(`#${i}: ${trust.reason}`);
    let problem;
    try {
      const message = Buffer.concat([ctx.bundle.ordererValue, s.signatureHeader, signedHeader]);
      problem = checkEcdsaSignature(
        publicKeyFromCertificate(creator.certificatePem),
        message,
        s.signature,
      );
    } catch {
      problem = 'unusable certificate';
    }
    if (problem !== undefined) sigProblems.push(`#${i}: ${problem}`);
  });
  const n = signatures.length;
  return [
    check(
      'orderer-certificates',
      certProblems.length === 0,
      certProblems.join('; ') || `${n} orderer signer(s) trusted`,
    ),
    check(
      'orderer-signatures',
      sigProblems.length === 0,
      sigProblems.join('; ') ||
        `${n} signature(s) over metadata value ‖ signature header ‖ DER(header) verify`,
    ),
  ];
}

/** Runs the block-level checks, in report order. */
export function blockChecks(ctx: VerifyContext): ProofCheck[] {
  return [
    validationCode(ctx),
    txInBlock(ctx),
    dataHash(ctx),
    blockNumber(ctx),
    headerChain(ctx),
    ...ordererChecks(ctx),
  ];
}
