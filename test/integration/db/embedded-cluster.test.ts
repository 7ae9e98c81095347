import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortInUse, startEmbeddedPostgres } from '../../../src/db/postgres-server.js';
import { freePort } from '../../support/free-port.js';

/** Session id of a process (field 6 of /proc/<pid>/stat; the command name may hold spaces). */
function sessionOf(pid: number | 'self'): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'provenance-cluster-'));
fs.chmodSync(root, 0o755);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('the embedded PostgreSQL cluster', () => {
  it('initialises once, logs to a file, restarts on the same data, and in its own session when asked', async () => {
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'one' });
    const postmaster = Number(
      fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    expect(sessionOf(postmaster)).toBe(sessionOf('self'));
    await first.stop();
    expect(await isPortInUse(port)).toBe(false);
    expect(fs.readFileSync(`${dataDir}.log`, 'utf8')).toContain('ready to accept connections');

    const second = await startEmbeddedPostgres({
      dataDir,
      port,
      database: 'one',
      ownSession: true,
    });
    try {
      const pid = Number(
        fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      expect(pid).not.toBe(postmaster);
      // A session of its own: the terminal's Ctrl-C (sent to our process group) does not reach it.
      expect(sessionOf(pid)).toBe(pid);
      expect(sessionOf(pid)).not.toBe(sessionOf('self'));
    } finally {
      await second.stop();
    }
    expect(await isPortInUse(port)).toBe(false);
  });
});
