import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OperatorError } from '../../../src/errors.js';
import { ensureFabric, FABRIC_TOOLS } from '../../../src/devnet/fabric-binaries.js';
import {
  isRunning,
  readPid,
  startProcess,
  stopProcess,
  waitUntil,
} from '../../../src/devnet/processes.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-proc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('devnet process control with real processes', () => {
  it('starts a detached process with a pid file and log, and stops exactly it', async () => {
    const spec = {
      name: 'sleeper',
      command: '/bin/sleep',
      args: ['30'],
      env: {},
      logFile: path.join(dir, 'logs', 's.log'),
      pidFile: path.join(dir, 'pids', 's.json'),
    };
    const record = startProcess(spec);
    expect(isRunning(readPid(spec.pidFile))).toBe(true);
    expect(fs.readFileSync(spec.logFile, 'utf8')).toContain('starting sleeper');
    expect(await stopProcess(spec.pidFile)).toBe('stopped');
    expect(isRunning(record)).toBe(false);
    expect(fs.existsSync(spec.pidFile)).toBe(false);
  });

  it('treats a pid file whose pid runs another program as stale and kills nothing', async () => {
    const pidFile = path.join(dir, 'pids', 'stale.json');
    // Our own pid runs node, not "orderer": the record must be seen as stale.
    fs.writeFileSync(
      pidFile,
      JSON.stringify({ pid: process.pid, command: '/opt/fabric/bin/orderer', startedAt: '' }),
    );
    expect(isRunning(readPid(pidFile))).toBe(false);
    expect(await stopProcess(pidFile)).toBe('not-running');
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('reports a process that dies while starting with the tail of its log', async () => {
    const spec = {
      name: 'crasher',
      command: '/bin/sh',
      args: ['-c', 'echo boom: bad config; exit 3'],
      env: {},
      logFile: path.join(dir, 'logs', 'c.log'),
      pidFile: path.join(dir, 'pids', 'c.json'),
    };
    startProcess(spec);
    await expect(
      waitUntil('crasher', () => Promise.resolve(false), {
        timeoutMs: 5_000,
        pidFile: spec.pidFile,
        logFile: spec.logFile,
      }),
    ).rejects.toThrow(/crasher exited while starting[\s\S]*boom: bad config/);
  });

  it('gives up waiting after the timeout with one clear line', async () => {
    await expect(
      waitUntil('nothing', () => Promise.resolve(false), { timeoutMs: 300 }),
    ).rejects.toThrow('nothing was not ready after 0 s');
  });
});

describe('Fabric binaries', () => {
  it('names the missing tool when FABRIC_BIN is incomplete', async () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'peer'), '#!/bin/sh\n', { mode: 0o755 });
    await expect(ensureFabric({ fabricBin: bin, cacheDir: dir }, () => undefined)).rejects.toThrow(
      /FABRIC_BIN: .*orderer is missing or not executable/,
    );
  });

  it('asks for FABRIC_CFG when the sample configuration is not beside the binaries', async () => {
    const bin = path.join(dir, 'fullbin');
    fs.mkdirSync(bin, { recursive: true });
    for (const tool of FABRIC_TOOLS)
      fs.writeFileSync(path.join(bin, tool), '#!/bin/sh\n', { mode: 0o755 });
    const error = await ensureFabric({ fabricBin: bin, cacheDir: dir }, () => undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperatorError);
    expect((error as Error).message).toMatch(/core\.yaml is missing \(set FABRIC_CFG/);
  });
});
