import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { createApp } from '../../app';
import { loadConfig, projectRoot } from '../../config';
import { connectDb } from '../../db/connect';
import { freePort, startEmbeddedDb, type EmbeddedDb } from '../../db/embedded';
import { createLogger } from '../../lib/logger';
import { TEST_JWT_SECRET } from '../../testing/app';

/**
 * Polls `probe` every 50 ms until it answers `want`, and says how long that took: a figure to
 * print, not to assert (a loaded machine is slower; the test's timeout bounds a hang).
 */
async function timeUntil(probe: () => Promise<number>, want: number): Promise<number> {
  const started = Date.now();
  while ((await probe()) !== want) await new Promise((r) => setTimeout(r, 50));
  return Date.now() - started;
}

describe('GET /api/health through a database outage', () => {
  let dataDir: string;
  let port: number;
  let db: EmbeddedDb;
  const cacheDir = process.env.CACHE_DIR ?? path.join(projectRoot, '.cache');

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-outage-'));
    port = await freePort();
    db = await startEmbeddedDb({ dataDir, cacheDir, port });
  });
  afterAll(async () => {
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 once the database stops and 200 again after it returns, without a restart', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MONGODB_URI: db.uri,
      DB_NAME: 'outage',
      JWT_SECRET: TEST_JWT_SECRET,
      DEV_LOGIN_ENABLED: 'true',
    });
    const conn = await connectDb(db.uri, { dbName: 'outage', timeoutMs: config.db.timeoutMs });
    const { app } = createApp({ config, conn, logger: createLogger('silent'), jwtSecret: TEST_JWT_SECRET });
    const http = supertest(app.callback());
    const health = async () => (await http.get('/api/health')).status;
    try {
      const up = await http.get('/api/health').expect(200);
      expect(up.body).toEqual({ ok: true, db: 'up' });

      await db.stop();
      const toDown = await timeUntil(health, 503);
      const down = await http.get('/api/health').expect(503);
      expect(down.body).toEqual({ ok: false, db: 'down' });
      expect(down.headers['retry-after']).toBe('5');

      // other routes answer with the envelope, not a hang
      const refused = await http.post('/api/auth/dev-login').send({ openid: 'during-outage' });
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('DB_UNAVAILABLE');
      expect(refused.headers['retry-after']).toBeDefined();

      db = await startEmbeddedDb({ dataDir, cacheDir, port });
      const toUp = await timeUntil(health, 200);
      await http.get('/api/health').expect(200);
      await http.post('/api/auth/dev-login').send({ openid: 'after-outage' }).expect(200);
      console.info(`health: 503 after ${toDown} ms of outage, 200 again ${toUp} ms after the database returned`);
    } finally {
      await conn.close();
    }
  }, 300_000);
});
