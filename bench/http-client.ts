/**
 * The bench's HTTP client: node:http over kept-alive sockets, measuring the CPU it spends itself.
 *
 * The load generator shares the machine's two cores with the API and PostgreSQL, so whatever it
 * burns is taken from what it measures. `fetch` (undici) spent ~65% of a core driving ~2,000
 * lot lookups/s here; node:http spends about a quarter of a core for more. The lookup row runs
 * both clients in the same run and reports each one's own CPU, so the difference stays visible.
 */
import http from 'node:http';

/** POSTs JSON to one URL over a pool of kept-alive sockets. */
export class JsonPoster {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly target: URL;

  constructor(url: string) {
    this.target = new URL(url);
  }

  /** The response body as text; throws on a status other than 200. */
  post(body: string, headers: Record<string, string>): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent: this.agent,
          hostname: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode === 200) resolve(text);
            else reject(new Error(`HTTP ${String(response.statusCode)}: ${text.slice(0, 200)}`));
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` and returns its result with this process's CPU over it, in % of one core. */
export async function withOwnCpu<T>(work: () => Promise<T>): Promise<{ result: T; cpu: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpuBefore);
  const wallMicros = (performance.now() - started) * 1000;
  return { result, cpu: Math.round(((used.user + used.system) / wallMicros) * 100) };
}
