/** A small leveled logger writing one line per message to stderr, with a timestamp and a scope. */

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A scoped logger. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(scope: string): Logger;
}

/** Creates a logger that drops messages below `level`. */
export function createLogger(level: LogLevel = 'info', scope = 'provenance'): Logger {
  const write = (at: LogLevel, message: string): void => {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString().slice(11, 23);
    process.stderr.write(`${time} ${at.padEnd(5)} [${scope}] ${message}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    child: (child) => createLogger(level, `${scope}:${child}`),
  };
}
