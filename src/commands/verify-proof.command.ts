/**
 * `provenance verify-proof bundle.json --trust ca.pem[,ca.pem…]` (or `--msp-trust MSP=ca.pem …`,
 * or `--trust-file trust.json`): verifies a ProofBundle offline, with no database and no network,
 * prints every check and exits 0 only when the bundle is valid (1 invalid, 2 unusable input).
 * What the auditor knows independently is pinned with --orderer-msp, --policy, --channel,
 * --chaincode and --tip (or the trust file); each one left out is named in a note, with what it
 * leaves open.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.js';
import type { ProofTrust } from '../proof/proof-bundle.js';
import { verifyProofBundle } from '../proof/proof-verifier.js';
import { readCertificateFile, readTrustFile } from '../services/trust-anchors.js';

/** Where the command writes. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const USAGE =
  'usage: provenance verify-proof <bundle.json> (--trust ca.pem[,ca.pem…] | --msp-trust MSP=ca.pem … | --trust-file trust.json) [--orderer-msp MSP …] [--policy MAJORITY|ANY|ALL:MSP,MSP…] [--channel NAME] [--chaincode NAME] [--tip NUMBER:HEADER_HASH_HEX] [--at ISO_TIME]';

const POLICY_TYPES = ['MAJORITY', 'ANY', 'ALL'] as const;

/** The pins given on the command line, laid over the trust mode's. */
function withPins(
  trust: ProofTrust,
  values: {
    'orderer-msp'?: string[];
    policy?: string;
    channel?: string;
    chaincode?: string;
    tip?: string;
  },
): ProofTrust {
  const pinned: ProofTrust = { ...trust };
  if (values['orderer-msp'] !== undefined) pinned.ordererMsps = values['orderer-msp'];
  if (values.channel !== undefined) pinned.channel = values.channel;
  if (values.chaincode !== undefined) pinned.chaincode = values.chaincode;
  if (values.policy !== undefined) {
    const [type = '', orgs = ''] = values.policy.split(':');
    const list = orgs.split(',').filter((o) => o !== '');
    if (!(POLICY_TYPES as readonly string[]).includes(type) || list.length === 0) {
      throw new ConfigError(`--policy expects MAJORITY|ANY|ALL:MSP,MSP…, got "${values.policy}"`);
    }
    pinned.policy = { type: type as (typeof POLICY_TYPES)[number], orgs: list };
  }
  if (values.tip !== undefined) {
    const match = /^(\d{1,20}):([0-9a-fA-F]{64})$/.exec(values.tip);
    if (match === null) {
      throw new ConfigError(
        `--tip expects NUMBER:HEADER_HASH_HEX (64 hex digits), got "${values.tip}"`,
      );
    }
    pinned.tip = { number: BigInt(match[1] ?? '0'), headerHash: (match[2] ?? '').toLowerCase() };
  }
  return pinned;
}

/** Each pin an auditor may leave out, and what the verdict then leaves open. */
const UNPINNED: readonly [(trust: ProofTrust) => unknown, string][] = [
  [
    (t) => t.policy,
    "the endorsement policy checked is the one the bundle names; pin the channel's with --policy (or a trust file's policy)",
  ],
  [
    (t) => t.ordererMsps,
    'any trusted CA may have issued the orderer (OU=orderer) that signed the block; pin the ordering MSPs with --orderer-msp',
  ],
  [(t) => t.channel, 'any channel is accepted; pin it with --channel'],
  [
    (t) => t.chaincode,
    'the records may come from any chaincode on the channel that emits this payload event; pin ours with --chaincode',
  ],
  [
    (t) => t.tip,
    "the header chain ends at the tip the bundle names; compare it with the ledger's (qscc GetChainInfo) or pin it with --tip",
  ],
];

/** What the verdict leaves open because the auditor pinned nothing for it. */
function unpinnedNotes(trust: ProofTrust): string[] {
  return [
    ...UNPINNED.filter(([pin]) => pin(trust) === undefined).map(([, open]) => `note: ${open}`),
    'note: the validation code is as the bundle states it (block metadata carries no signature)',
  ];
}

const stdio: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function trustFrom(values: {
  trust?: string[];
  'msp-trust'?: string[];
  'trust-file'?: string;
}): ProofTrust {
  const flat = (values.trust ?? []).flatMap((v) => v.split(',')).filter((f) => f !== '');
  const perMsp = values['msp-trust'] ?? [];
  const modes = [flat.length > 0, perMsp.length > 0, values['trust-file'] !== undefined];
  if (modes.filter(Boolean).length !== 1) {
    throw new ConfigError(`give exactly one of --trust, --msp-trust, --trust-file; ${USAGE}`);
  }
  if (values['trust-file'] !== undefined) return readTrustFile(values['trust-file']).trust;
  if (flat.length > 0) return { caCertificatesPem: flat.map(readCertificateFile) };
  const byMsp: Record<string, string[]> = {};
  for (const entry of perMsp) {
    const [msp, file] = [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)];
    if (!entry.includes('=') || msp === '' || file === '') {
      throw new ConfigError(`--msp-trust expects MSP=ca.pem, got "${entry}"`);
    }
    (byMsp[msp] ??= []).push(readCertificateFile(file));
  }
  return { caCertificatesPem: byMsp };
}

function readBundle(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${file} is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Runs the command on `argv` (the words after `verify-proof`); returns the exit code. */
export function runVerifyProofCommand(argv: string[], output: CommandOutput = stdio): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        trust: { type: 'string', multiple: true },
        'msp-trust': { type: 'string', multiple: true },
        'trust-file': { type: 'string' },
        'orderer-msp': { type: 'string', multiple: true },
        policy: { type: 'string' },
        channel: { type: 'string' },
        chaincode: { type: 'string' },
        tip: { type: 'string' },
        at: { type: 'string' },
      },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new ConfigError(USAGE);
    const trust = withPins(trustFrom(values), values);
    const bundle = readBundle(file);
    const at = values.at === undefined ? undefined : new Date(values.at);
    if (at !== undefined && Number.isNaN(at.getTime())) {
      throw new ConfigError(`--at expects an ISO 8601 time, got "${values.at ?? ''}"`);
    }
    const { valid, checks } = verifyProofBundle(bundle, trust, at);
    for (const c of checks) output.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    const failed = checks.filter((c) => !c.ok).map((c) => c.name);
    output.out(valid ? 'VALID' : `INVALID: ${failed.join(', ')}`);
    if (valid) {
      for (const note of unpinnedNotes(trust)) output.err(note);
      if (at === undefined) {
        output.err(
          "note: certificates were judged at the transaction's own timestamp, which its creator wrote; pass --at to judge them at an instant you choose",
        );
      }
    }
    return valid ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) {
      output.err(`provenance verify-proof: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
