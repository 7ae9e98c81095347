/**
 * Verifies a ProofBundle offline: no database, no network, no clock unless the caller passes one.
 * Every check in PROOF_CHECKS runs (or is reported as not evaluated) so an auditor sees all
 * that failed, not just the first thing.
 */
import { parseEndorserAction, parseEnvelopeHeader } from '../ledger/envelope-parser.js';
import { blockChecks } from './block-checks.js';
import { decodeBundle } from './bundle-codec.js';
import { loadTrustAnchors } from './certificate-trust.js';
import {
  PROOF_CHECKS,
  type ProofCheck,
  type ProofTrust,
  type ProofVerification,
} from './proof-bundle.js';
import { transactionChecks, type ParsedTransaction } from './transaction-checks.js';
import { check, type VerifyContext } from './verify-context.js';

function parseTransaction(envelope: Uint8Array): ParsedTransaction {
  let header;
  try {
    header = parseEnvelopeHeader(envelope);
  } catch (error) {
    return {
      header: undefined,
      action: undefined,
      error: `envelope does not parse: ${String(error)}`,
    };
  }
  try {
    return { header, action: parseEndorserAction(header.data), error: undefined };
  } catch (error) {
    return { header, action: undefined, error: `transaction does not parse: ${String(error)}` };
  }
}

/**
 * Verifies `bundle` against what the auditor trusts. Certificates must be valid at `now`, or at
 * the transaction's own timestamp when `now` is omitted (what mattered is validity when it signed).
 * @throws Error when a trusted CA certificate in `trust` does not parse.
 */
export function verifyProofBundle(
  bundle: unknown,
  trust: ProofTrust,
  now?: Date,
): ProofVerification {
  const anchors = loadTrustAnchors(trust.caCertificatesPem, trust.intermediateCertificatesPem);
  const decoded = decodeBundle(bundle);
  if (!decoded.ok) {
    const checks: ProofCheck[] = PROOF_CHECKS.map((name) =>
      name === 'bundle-format'
        ? check(name, false, decoded.reason)
        : check(name, false, 'not evaluated: bundle is malformed'),
    );
    return { valid: false, checks };
  }
  const parsed = parseTransaction(decoded.bundle.envelope);
  const stamp = parsed.header?.timestamp;
  const ctx: VerifyContext = {
    bundle: decoded.bundle,
    anchors,
    trust,
    // A timestamp that is no date (seconds out of range) checks certificates at 1970: they fail.
    at: now ?? (stamp !== undefined && !Number.isNaN(stamp.getTime()) ? stamp : new Date(0)),
    roles: trust.checkRoles ?? true,
  };
  let checks: ProofCheck[];
  try {
    checks = [
      check('bundle-format', true, 'well-formed version 1 bundle'),
      ...transactionChecks(ctx, parsed),
      ...blockChecks(ctx),
    ];
  } catch (error) {
    // A hostile bundle (say, records nested beyond the stack) fails closed, never crashes.
    const reason = error instanceof Error ? error.message : String(error);
    checks = PROOF_CHECKS.map((name) =>
      name === 'bundle-format'
        ? check(name, false, `the bundle could not be checked: ${reason}`)
        : check(name, false, 'not evaluated: the bundle could not be checked'),
    );
  }
  return { valid: checks.every((c) => c.ok), checks };
}
