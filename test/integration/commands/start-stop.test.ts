import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';

/**
 * `npm start` as a user runs it, then Ctrl-C: the compiled CLI in a process group of its own (as
 * a terminal runs a foreground job), on a machine without Go or Fabric binaries, so it serves the
 * offline demo with its own embedded PostgreSQL. Ctrl-C goes to the whole group, as a terminal
 * sends it. Nothing is stubbed: the build, the demo chain, the indexer, the API and PostgreSQL are
 * the real ones.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
// Inside the repository, so that the compiled CLI finds node_modules as dist/ does.
fs.mkdirSync(path.join(ROOT, '.data'), { recursive: true });
const work = fs.mkdtempSync(path.join(ROOT, '.data', 'test-start-'));
const dist = path.join(work, 'dist');

let child: ChildProcess;
let output = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let apiPort: number;

/** A PATH with `node` and `id` only: a machine where Fabric cannot be built (no Go). */
function pathWithoutGo(): string {
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const id = spawnSync('sh', ['-c', 'command -v id'], { encoding: 'utf8' }).stdout.trim();
  fs.symlinkSync(id, path.join(bin, 'id'));
  return bin;
}

async function waitFor(text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(text)) {
    if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  // Compile as `npm run build` does, into a folder of this test's own (dist/ may be in use).
  const tsc = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      dist,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
  fs.mkdirSync(path.join(dist, 'chaincode'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'chaincode/package.json'), '{ "type": "commonjs" }\n');
  // The build reads data/ (GLEC factors) next to dist/, as in the repository.
  fs.symlinkSync(path.join(ROOT, 'data'), path.join(work, 'data'));

  apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    PATH: pathWithoutGo(),
    PROVENANCE_ROOT: work,
    PG_DATA_DIR: path.join(work, 'postgres'),
    PG_PORT: String(await freePort()),
    API_PORT: String(apiPort),
    FABRIC_CACHE: path.join(work, 'fabric-cache'),
    DEVNET_DIR: path.join(work, 'devnet'),
    NODE_ENV: 'production',
  };
  child = spawn(process.execPath, [path.join(dist, 'src/cli.js'), 'start'], {
    cwd: work,
    env,
    detached: true, // a process group of its own, like a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}, 120_000);

afterAll(() => {
  if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  // A postmaster left behind by a failed run would hold its port: stop it.
  const pidFile = path.join(work, 'postgres', 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGINT');
  }
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm start, then Ctrl-C', () => {
  it('comes up on the offline demo and answers GraphQL with a printed dev key', async () => {
    await waitFor('fabric-provenance is up', 90_000);
    expect(output).toContain('OFFLINE DEMO');
    const reader = /^\s+reader\s+(\S+)$/m.exec(output)?.[1];
    expect(reader).toBeDefined();
    const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
      body: JSON.stringify({ query: '{ _meta { chainHeight } }' }),
    });
    const body = (await response.json()) as { data?: { _meta: { chainHeight: string } } };
    expect(Number(body.data?._meta.chainHeight)).toBeGreaterThan(0);
  }, 120_000);

  it('stops API, indexer, pool and PostgreSQL in that order, and leaves no server behind', async () => {
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const { code } = await exit;
    expect(code).toBe(130); // 128 + SIGINT, as a shell reports a Ctrl-C
    const stops = output
      .split('\n')
      .filter((line) => /signal received|stopped /.test(line))
      .map((line) => line.replace(/^.*\] /, ''));
    expect(stops).toEqual([
      'signal received, stopping',
      'stopped API',
      'stopped indexer',
      'stopped database pool',
      'stopped PostgreSQL',
    ]);
    expect(output).not.toMatch(/connection lost|ECONNREFUSED|terminating connection/);
    // PostgreSQL removes its pid file when it has shut down.
    expect(fs.existsSync(path.join(work, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 60_000);
});
