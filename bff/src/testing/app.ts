import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@bianmin/shared';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp, type AppDeps } from '../app';
import { loadConfig, type Config } from '../config';
import { connectDb } from '../db/connect';
import { createModels, ensureIndexes, type Models } from '../db/models';
import { createLogger, type Logger } from '../lib/logger';
import { hashPassword } from '../lib/password';
import './provided';

/** The JWT secret of test apps, so tests can forge tokens with it or with another key. */
export const TEST_JWT_SECRET = 'test-secret-of-at-least-thirty-two-characters';

export interface TestApp {
  config: Config;
  models: Models;
  conn: AppDeps['conn'];
  /** supertest bound to the app's callback: a real HTTP server per request. */
  http: ReturnType<typeof supertest>;
  app: ReturnType<typeof createApp>['app'];
  services: ReturnType<typeof createApp>['services'];
  /** Signs a resident in with the development login and answers the bearer token. */
  residentToken(openid?: string): Promise<string>;
  /** Creates staff with a known password (if missing) and signs them in. */
  staffToken(username: string, role?: StaffRole): Promise<string>;
  /** Closes the connection; drops the database unless `keepDatabase` (a second app still uses it). */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
  // @billing-testapp-type
  // @outlets-testapp-type
  // @help-testapp-type
}

/**
 * Builds the real app on a fresh database of the run's throw-away server (see
 * test/setup/database.ts). `env` overrides settings; `clock` and `wechat` replace the real ones.
 */
export async function createTestApp(
  options: {
    /** Settings over the tests' own; `undefined` leaves one at the product's default. */
    env?: Record<string, string | undefined>;
    clock?: AppDeps['clock'];
    wechat?: AppDeps['wechat'];
    /** Reuse a database (two instances sharing one, or an app restarted). */
    dbName?: string;
    /** Another database server than the suite's (the embedded one on PostgreSQL, say). */
    uri?: string;
    helpFetch?: AppDeps['helpFetch'];
    /** Payment providers instead of the settings' (a stand-in WeChat Pay). */
    payProviders?: AppDeps['payProviders'];
    /** A logger to read what the app logged (silent otherwise). */
    logger?: Logger;
  } = {},
): Promise<TestApp> {
  const dbName = options.dbName ?? `t_${randomBytes(6).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_URI: options.uri ?? inject('dbUri'),
    DB_NAME: dbName,
    JWT_SECRET: TEST_JWT_SECRET,
    DEV_LOGIN_ENABLED: 'true',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_PER_RESIDENT_PER_MINUTE: '10000',
    ...options.env,
  });
  const conn = await connectDb(options.uri ?? inject('dbUri'), { dbName, timeoutMs: config.db.timeoutMs });
  const models = createModels(conn);
  await ensureIndexes(models);
  const { app, services } = createApp({
    config,
    conn,
    logger: options.logger ?? createLogger('silent'),
    jwtSecret: TEST_JWT_SECRET,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.wechat ? { wechat: options.wechat } : {}),
    ...(options.helpFetch ? { helpFetch: options.helpFetch } : {}),
    ...(options.payProviders ? { payProviders: options.payProviders } : {}),
  });
  const http = supertest(app.callback());
  const staffPassword = 'test-password';

  return {
    config,
    models,
    conn,
    http,
    app,
    services,
    async residentToken(openid = `r${randomBytes(4).toString('hex')}`) {
      const res = await http.post('/api/auth/dev-login').send({ openid }).expect(200);
      return (res.body as { token: string }).token;
    },
    async staffToken(username, role = 'agent') {
      if (!(await models.Agent.exists({ username }))) {
        await models.Agent.create({
          username,
          role,
          displayName: username,
          passwordHash: await hashPassword(staffPassword),
        });
      }
      const res = await http.post('/api/agent/login').send({ username, password: staffPassword }).expect(200);
      return (res.body as { token: string }).token;
    },
    async close(closeOptions) {
      if (!closeOptions?.keepDatabase) await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}
