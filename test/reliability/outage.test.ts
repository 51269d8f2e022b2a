import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../bff/src/config';
import { connectDb } from '../../bff/src/db/connect';
import { freePort, startEmbeddedDb, type EmbeddedDb } from '../../bff/src/db/embedded';
import { call, residentToken, startBffProcess, type BffProcess } from '../helpers/bff';
import { stopGroup } from '../helpers/process';
import { waitUntil } from '../helpers/wait';

/**
 * A database outage under load: while residents keep asking for help and reading bills, the
 * embedded database is stopped and started again. The BFF keeps answering (success, or 503 with
 * Retry-After and DB_UNAVAILABLE), never hangs, never exits, and every help request it answered
 * 201 is in the database afterwards. Each phase lasts until what it is for has been seen (work
 * done before, refusals during, work done after), never a fixed time: a slow machine only makes
 * the test longer. How fast the refusals come is a figure, printed, not asserted.
 */

const DB_TIMEOUT_MS = 1000;
/** A request not answered in this long hangs: far past any answer a loaded machine gives. */
const HANG_MS = 60_000;
/** How many answers of each kind a phase waits for. */
const SEEN = 3;

interface Outcome {
  kind: 'help' | 'bills';
  status: number;
  ms: number;
  retryAfter: string | null;
  code: string | null;
  helpId: string | null;
  phase: 'before' | 'outage' | 'restarting' | 'after';
}

describe('a database outage under steady load', () => {
  const cacheDir = process.env.CACHE_DIR ?? path.join(projectRoot, '.cache');
  let dataDir: string;
  let port: number;
  let db: EmbeddedDb;
  let bff: BffProcess | undefined;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-outage-load-'));
    port = await freePort();
    db = await startEmbeddedDb({ dataDir, cacheDir, port });
    bff = await startBffProcess(db.uri, 'outage', { DB_TIMEOUT_MS: String(DB_TIMEOUT_MS) });
  });
  afterAll(async () => {
    if (bff) await stopGroup(bff.child);
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers every request (success or 503 with Retry-After), keeps every 201, recovers, and never exits', async () => {
    if (!bff) throw new Error('the BFF did not start');
    const server = bff;
    const residents = await Promise.all(Array.from({ length: 8 }, (_, i) => residentToken(server.url, `outage-${i}`)));
    const reader = residents[0] ?? '';
    const bound = await call(server.url, 'POST', '/api/accounts', {
      token: reader,
      body: { utility: 'power', accountNo: '1000000001', holderName: '张建明' },
    });
    expect(bound.status).toBeLessThan(300);
    const accountId = (bound.body as { id: string }).id;

    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let stop = false;
    let tap = 0;
    const worker = async (w: number) => {
      for (let n = 0; !stop; n += 1) {
        const help = n % 2 === 0;
        const started = Date.now();
        const atPhase = phase;
        let outcome: Outcome;
        try {
          const res = help
            ? await call(server.url, 'POST', '/api/help', {
                token: residents[(w + n) % residents.length],
                body: { clientKey: `outage-tap-${w}-${(tap += 1)}-0000` },
                timeoutMs: HANG_MS,
              })
            : await call(server.url, 'GET', `/api/bills?accountId=${accountId}`, {
                token: reader,
                timeoutMs: HANG_MS,
              });
          const body = res.body as { error?: { code?: string }; help?: { id?: string } };
          outcome = {
            kind: help ? 'help' : 'bills',
            status: res.status,
            ms: Date.now() - started,
            retryAfter: res.headers.get('retry-after'),
            code: body.error?.code ?? null,
            helpId: body.help?.id ?? null,
            phase: atPhase,
          };
        } catch {
          // a timeout or a dropped connection: the BFF did not answer
          outcome = {
            kind: help ? 'help' : 'bills',
            status: 0,
            ms: Date.now() - started,
            retryAfter: null,
            code: null,
            helpId: null,
            phase: atPhase,
          };
        }
        outcomes.push(outcome);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    /** Waits until `SEEN` requests of each kind started in `at` were answered with a status in `statuses`. */
    const seen = (at: Outcome['phase'], statuses: number[]) =>
      waitUntil(() =>
        (['help', 'bills'] as const).every(
          (kind) =>
            outcomes.filter((o) => o.phase === at && o.kind === kind && statuses.includes(o.status)).length >= SEEN,
        ),
      );

    await seen('before', [200, 201]);
    phase = 'outage';
    await db.stop();
    await seen('outage', [503]);
    db = await startEmbeddedDb({ dataDir, cacheDir, port });
    phase = 'restarting';
    // the driver reconnects on its own; "after" starts once health says the database is back
    const restarted = Date.now();
    let recoveredInMs = -1;
    await waitUntil(async () => {
      const health = await call(server.url, 'GET', '/api/health').catch(() => ({ status: 0 }));
      if (health.status === 200) recoveredInMs = Date.now() - restarted;
      return health.status === 200;
    });
    phase = 'after';
    // when the BFF has not come back, tell a database that is not there from a BFF that did not reconnect
    const freshPing = await MongoClient.connect(db.uri, { serverSelectionTimeoutMS: 3000 })
      .then(async (client) => {
        const ok = await client.db('outage').command({ ping: 1 });
        await client.close();
        return ok.ok === 1 ? 'fresh client reaches the database' : 'fresh client ping failed';
      })
      .catch((err: unknown) => `fresh client cannot connect: ${String(err)}`);
    await seen('after', [200, 201]);
    stop = true;
    await load;
    const refusedIn = outcomes.filter((o) => o.phase === 'outage' && o.status === 503).map((o) => o.ms);
    console.info(
      `outage: ${refusedIn.length} refusals, slowest ${Math.max(...refusedIn)} ms; health 200 again ${recoveredInMs} ms after the database returned`,
    );

    const summary = JSON.stringify({
      recoveredInMs,
      freshPing,
      bffLog: server
        .output()
        .split('\n')
        .filter((l) => l.includes('request failed'))
        .map((l) => l.slice(0, 600))
        .join('\n'),
      byPhase: outcomes.reduce<Record<string, number>>((acc, o) => {
        const key = `${o.phase}:${o.kind}:${o.status}`;
        acc[key] = (acc[key] ?? 0) + 1;
        return acc;
      }, {}),
    });
    // every request was answered (none hung), and only with success or a proper 503
    const unanswered = outcomes.filter((o) => o.status === 0);
    expect(unanswered, summary).toEqual([]);
    const bad = outcomes.filter((o) => ![200, 201, 503].includes(o.status));
    expect(bad, summary).toEqual([]);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      expect(o.code).toBe('DB_UNAVAILABLE');
      expect(Number(o.retryAfter)).toBeGreaterThan(0);
    }
    // work went on before and after the outage
    expect(outcomes.filter((o) => o.phase === 'before' && o.status < 300).length, summary).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.phase === 'after' && o.status < 300).length, summary).toBeGreaterThan(0);

    // health came back without a restart, and the process is the same one
    expect((await call(server.url, 'GET', '/api/health')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(server.child.signalCode).toBeNull();

    // every help request answered 201 is in the database
    const made = outcomes.filter((o) => o.kind === 'help' && o.status === 201).map((o) => o.helpId);
    expect(made.length).toBeGreaterThan(0);
    const conn = await connectDb(db.uri, { dbName: 'outage', timeoutMs: 5000 });
    try {
      const ids = made.map((id) => new Types.ObjectId(id ?? ''));
      const stored = await conn.db?.collection('helprequests').countDocuments({ _id: { $in: ids } });
      expect(stored).toBe(made.length);
    } finally {
      await conn.close();
    }
    // each phase waits for what it is for; this only bounds a BFF that never recovers
  }, 600_000);
});
