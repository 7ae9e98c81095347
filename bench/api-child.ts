/** Starts bench/api-process.js as a child process and waits for its URL. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running API child process. */
export interface ApiChild {
  url: string;
  stop(): void;
}

/** Spawns the API over `connectionString`; resolves once it prints its URL (30 s at most). */
export function startApiProcess(connectionString: string): Promise<ApiChild> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'api-process.js');
  const child = spawn(process.execPath, [script, connectionString], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // As deployed: graphql-js runs its development-only checks unless NODE_ENV is production.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the API process did not start within 30 s'));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API process exited with ${String(code)}`));
    });
    child.stdout.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve({ url: chunk.toString().trim(), stop: () => child.kill('SIGTERM') });
    });
  });
}
