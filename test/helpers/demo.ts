import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../bff/src/db/embedded';
import { stopPostgresIn } from '../../bff/src/db/postgres';
import { startUntil, stopGroup } from './process';

export interface Demo {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Runs the real `npm start` (the newcomer's command) on a free port with a data folder of its
 * own, and waits until it prints its URL.
 */
export async function startDemo(env: Record<string, string> = {}): Promise<Demo> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-demo-'));
  // the embedded database runs on PostgreSQL where it is installed, as the user postgres when
  // we are root: it must be able to reach its folder inside this one
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  const { child, output, match } = await startUntil(
    'npm',
    ['start', '--silent'],
    // the year of history only where a test reads it (the supervisor's charts): with it, the
    // embedded database is slow under the background ticks (issue 14 note), and flows are slow
    { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED_DEMO_HISTORY: 'false', ...env },
    /is running at (http:\/\/[\d.:]+)\//,
    600_000,
  );
  return {
    url: match[1] ?? `http://127.0.0.1:${port}`,
    output,
    async stop() {
      await stopGroup(child);
      // npm is gone, but the BFF may still be stopping its PostgreSQL: stop it here before its
      // folder goes (deleting it under a running cluster left the cluster running)
      await stopPostgresIn(path.join(dataDir, 'postgresql'));
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a demo staff member in through the API (password `bianmin-demo`) and answers the token. */
export async function demoStaffToken(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/agent/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'bianmin-demo' }),
  });
  if (res.status !== 200) throw new Error(`staff login of ${username} answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
