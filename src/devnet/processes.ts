/**
 * Background processes of the devnet: started detached with their own log file and a pid file,
 * stopped by pid (and only if that pid still runs the program we started), waited on with timeouts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { OperatorError } from '../errors.js';

/** What a pid file records. */
export interface PidRecord {
  pid: number;
  /** Executable path, checked against /proc/<pid>/cmdline so a recycled pid is never killed. */
  command: string;
  startedAt: string;
}

/** A process to run in the background. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  pidFile: string;
}

/** Reads a pid file; undefined when absent or unreadable. */
export function readPid(pidFile: string): PidRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** True when the pid runs the recorded command (a stale pid file or a recycled pid gives false). */
export function isRunning(record: PidRecord | undefined): boolean {
  if (record === undefined) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some(
      (part) => part === record.command || part.endsWith(path.basename(record.command)),
    );
  } catch {
    return false;
  }
}

/** Starts a detached process logging to its own file; returns its pid record. */
export function startProcess(spec: ProcessSpec): PidRecord {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  fs.mkdirSync(path.dirname(spec.pidFile), { recursive: true });
  const log = fs.openSync(spec.logFile, 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} starting ${spec.name}\n`);
  const child = spawn(spec.command, spec.args, {
    env: spec.env,
    cwd: spec.cwd,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) {
    throw new OperatorError(
      `${spec.name} could not be started (${spec.command}); see ${spec.logFile}`,
    );
  }
  child.unref();
  const record: PidRecord = {
    pid: child.pid,
    command: spec.command,
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(spec.pidFile, JSON.stringify(record) + '\n');
  return record;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Stops the process of a pid file: SIGTERM, then SIGKILL after `graceMs`; removes the file. */
export async function stopProcess(
  pidFile: string,
  graceMs = 10_000,
): Promise<'stopped' | 'not-running'> {
  const record = readPid(pidFile);
  if (record === undefined || !isRunning(record)) {
    fs.rmSync(pidFile, { force: true });
    return 'not-running';
  }
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRunning(record) && Date.now() < deadline) await sleep(100);
  if (isRunning(record)) process.kill(record.pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  return 'stopped';
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 5): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** GET a loopback URL; resolves the status code, or 0 when nothing answers. */
export function httpStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Polls `ready` until it is true, the process dies, or the timeout passes.
 * @throws OperatorError naming what did not become ready and the tail of its log.
 */
export async function waitUntil(
  what: string,
  ready: () => Promise<boolean>,
  opts: { timeoutMs: number; pidFile?: string; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (opts.pidFile !== undefined && !isRunning(readPid(opts.pidFile))) {
      throw new OperatorError(
        `${what} exited while starting; last lines of ${opts.logFile ?? 'its log'}:\n${tail(opts.logFile ?? '')}`,
      );
    }
    if (Date.now() > deadline) {
      throw new OperatorError(
        `${what} was not ready after ${Math.round(opts.timeoutMs / 1000)} s; see ${opts.logFile ?? 'its log'}`,
      );
    }
    await sleep(250);
  }
}

/**
 * Runs a Fabric CLI command to completion with a timeout.
 * @throws OperatorError with the command's last output lines when it fails.
 */
export function runTool(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): string {
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: timeoutMs });
  if (result.error !== undefined) {
    throw new OperatorError(
      `${path.basename(command)} ${args[0] ?? ''} failed: ${result.error.message}`,
    );
  }
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-4).join('\n');
    throw new OperatorError(
      `${path.basename(command)} ${args.slice(0, 3).join(' ')} failed:\n${output}`,
    );
  }
  return `${result.stdout}${result.stderr}`;
}
