/**
 * What every check reads: the decoded bundle, the trust anchors and the time certificates must
 * be valid at. Also the small helpers the check modules share.
 */
import type { DecodedBundle } from './bundle-codec.js';
import type { TrustAnchors } from './certificate-trust.js';
import type { ProofCheck, ProofCheckName, ProofTrust } from './proof-bundle.js';

/** Inputs shared by all checks of one verification. */
export interface VerifyContext {
  bundle: DecodedBundle;
  anchors: TrustAnchors;
  trust: ProofTrust;
  /** Certificates must be valid at this instant. */
  at: Date;
  /** Whether NodeOU roles are enforced. */
  roles: boolean;
}

/** Builds a check result. */
export function check(name: ProofCheckName, ok: boolean, detail: string): ProofCheck {
  return { name, ok, detail };
}

/** A failed check for one whose inputs could not be obtained. */
export function notEvaluated(name: ProofCheckName, why: string): ProofCheck {
  return { name, ok: false, detail: `not evaluated: ${why}` };
}

/** Byte equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** JSON with object keys sorted, so two equal values always print the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  // JSON.stringify returns undefined for undefined, functions and symbols despite its typing.
  const text = JSON.stringify(value) as string | undefined;
  return text ?? 'undefined';
}
