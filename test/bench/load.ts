import http from 'node:http';

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  /** The first failure seen, for the log. */
  firstError?: string;
  /**
   * Mean milliseconds of each stage the BFF reported in `Server-Timing` (auth, input, handler,
   * contract, total) over the answers counted; absent for servers that send none.
   */
  stages?: Record<string, number>;
  /** The slowest answers, each with its own `Server-Timing` stages: where a tail comes from. */
  slowest?: Array<{ ms: number; stages: Record<string, number> }>;
}

/** The stages of one `Server-Timing` header, in milliseconds. */
export function stagesOf(timing: string | undefined): Record<string, number> {
  const stages: Record<string, number> = {};
  for (const m of (timing ?? '').matchAll(/(\w+);dur=([\d.]+)/g)) stages[m[1] ?? ''] = Number(m[2]);
  return stages;
}

/** The value at quantile `q` (0..1) of sorted numbers, nearest-rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(name: string, latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
  };
}

export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One HTTP request over a keep-alive agent; resolves with the status, the body text and the `Server-Timing`. */
export function request(
  agent: http.Agent,
  base: URL,
  spec: RequestSpec,
): Promise<{ status: number; text: string; timing: string | undefined }> {
  return new Promise((resolve, reject) => {
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: spec.method ?? 'GET',
        path: spec.path,
        headers: {
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...spec.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        const header = res.headers['server-timing'];
        const timing = Array.isArray(header) ? header.join(', ') : header;
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, timing }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Closed-loop load: `connections` workers, each sending its next request as soon as the last one
 * answered, for `seconds` (after `warmupSeconds` not counted); a request counts when it completes
 * inside the window. `next(i)` gives worker i's request;
 * a status other than `expect` counts as an error.
 */
export async function runLoad(options: {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds?: number;
  next: (worker: number, n: number) => RequestSpec;
  expect?: number;
}): Promise<LoadResult> {
  const base = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const expectStatus = options.expect ?? 200;
  const warmup = (options.warmupSeconds ?? 1) * 1000;
  const started = performance.now();
  const measureFrom = started + warmup;
  const end = measureFrom + options.seconds * 1000;
  const latencies: number[] = [];
  const stageSums = new Map<string, number>();
  let timed = 0;
  let errors = 0;
  let firstError: string | undefined;
  async function worker(i: number) {
    for (let n = 0; performance.now() < end; n += 1) {
      const t0 = performance.now();
      let ok = false;
      let timing: string | undefined;
      try {
        const res = await request(agent, base, options.next(i, n));
        ok = res.status === expectStatus;
        timing = res.timing;
        if (!ok) firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
      } catch (err) {
        firstError ??= String(err);
      }
      const t1 = performance.now();
      // what completes inside the window counts, however long ago it started: a slow run still
      // shows its (long) latencies instead of nothing
      if (t1 < measureFrom || t1 > end) continue;
      if (ok) latencies.push(t1 - t0);
      else errors += 1;
      if (ok && timing) {
        timed += 1;
        for (const [stage, ms] of Object.entries(stagesOf(timing)))
          stageSums.set(stage, (stageSums.get(stage) ?? 0) + ms);
      }
    }
  }
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  agent.destroy();
  const stages = timed ? Object.fromEntries([...stageSums].map(([k, sum]) => [k, sum / timed])) : undefined;
  return {
    ...summarize(options.name, latencies, errors, options.seconds),
    ...(firstError ? { firstError } : {}),
    ...(stages ? { stages } : {}),
  };
}
