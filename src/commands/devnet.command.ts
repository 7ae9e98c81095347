/** `provenance devnet up|down|status|logs`. */
import type { Config } from '../config.js';
import { devnet, devnetDown, devnetLogs, devnetStatus, devnetUp } from '../devnet/devnet.js';
import type { Logger } from '../logger.js';

/** Runs one devnet subcommand; returns the exit code. */
export async function runDevnetCommand(
  config: Config,
  log: Logger,
  args: string[],
  opts: { purge: boolean; lines: number },
): Promise<number> {
  const net = devnet(config, (line) => log.info(line));
  switch (args[0]) {
    case 'up':
      await devnetUp(net);
      return 0;
    case 'down':
      await devnetDown(net, { purge: opts.purge });
      return 0;
    case 'status':
      process.stdout.write((await devnetStatus(net)).join('\n') + '\n');
      return 0;
    case 'logs':
      process.stdout.write(devnetLogs(net, args[1], opts.lines) + '\n');
      return 0;
    default:
      process.stderr.write('usage: provenance devnet up|down [--purge]|status|logs [name]\n');
      return 2;
  }
}
