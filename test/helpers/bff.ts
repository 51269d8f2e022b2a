import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../bff/src/db/embedded';
import { startUntil } from './process';

/** The JWT secret of BFF processes started by tests. */
export const PROCESS_JWT_SECRET = 'process-test-secret-of-at-least-32-chars';

export interface BffProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
}

/**
 * Starts the real BFF (`bff/src/server.ts`) as its own process on `uri`, with the demo seed and
 * the development login, and waits until it listens. `env` adds or overrides settings.
 */
export async function startBffProcess(
  uri: string,
  dbName: string,
  env: Record<string, string> = {},
  port?: number,
): Promise<BffProcess> {
  const listenPort = port ?? (await freePort());
  const { child, output } = await startUntil(
    process.execPath,
    ['--import', 'tsx', 'bff/src/server.ts'],
    {
      ...process.env,
      NODE_ENV: 'development',
      MONGODB_URI: uri,
      DB_NAME: dbName,
      PORT: String(listenPort),
      JWT_SECRET: PROCESS_JWT_SECRET,
      DEV_LOGIN_ENABLED: 'true',
      SEED_DEMO: 'true',
      SEED_DEMO_HISTORY: 'false',
      LOG_LEVEL: 'error',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      LOGIN_PER_RESIDENT_PER_MINUTE: '10000',
      HELP_CREATE_LIMIT_PER_MINUTE: '10000',
      ...env,
    },
    /API listening on http/,
    120_000,
  );
  return { url: `http://127.0.0.1:${listenPort}`, port: listenPort, child, output };
}

/** JSON over fetch with a bearer token; answers the status, headers and parsed body. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, headers: res.headers, body };
}

/** Signs a resident in with the development login and answers the token. */
export async function residentToken(base: string, openid: string): Promise<string> {
  const res = await call(base, 'POST', '/api/auth/dev-login', { body: { openid } });
  if (res.status !== 200) throw new Error(`dev-login ${openid} → ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}
