import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'mongoose';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDb, deploymentOf, watchConnection } from './db/connect';
import {
  chooseBackend,
  EmbeddedDbUnavailable,
  startEmbeddedDb,
  type EmbeddedDb,
  type FerretBackend,
} from './db/embedded';
import { createModels, ensureIndexes } from './db/models';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { createOnce } from './lib/once';
import { createRunner } from './lib/runner';
import { seedDemo } from './seed/demo';

/** Progress a person starting the server should read, in plain text rather than JSON logs. */
export function say(message: string): void {
  process.stderr.write(`[bianmin] ${message}\n`);
}

/** Outside production a secret is made once and kept in the data folder, so restarts keep sessions. */
async function developmentSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  const existing = await fs.readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  await fs.mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await fs.writeFile(file, secret, { mode: 0o600 });
  return secret;
}

export interface RunningServer {
  url: string;
  config: Config;
  conn: Connection;
  embedded: EmbeddedDb | undefined;
  /** Stops taking requests, lets the ones in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Starts everything: the database (embedded unless MONGODB_URI is set), indexes, seed, HTTP. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedDb | undefined;
  let uri = config.db.uri;
  if (!uri) {
    const asked = config.db.embeddedBackend;
    // FerretDB 1.24 lists its PostgreSQL schemas with `NOT LIKE 'pg_%'` (see below): `auto` keeps
    // such a database name on SQLite
    const chosen =
      asked === 'auto' && /^pg/i.test(config.db.name)
        ? { backend: 'sqlite' as const, why: `DB_NAME "${config.db.name}" starts with "pg"` }
        : await chooseBackend(asked, config.db.dataDir);
    const start = (backend: FerretBackend) =>
      startEmbeddedDb({
        dataDir: config.db.dataDir,
        cacheDir: config.db.cacheDir,
        port: config.db.embeddedPort,
        backend,
        say,
      });
    try {
      embedded = await start(chosen.backend);
    } catch (err) {
      // `auto` asked for nothing: a PostgreSQL that cannot start here (a data folder its user
      // cannot reach) is no reason not to start on SQLite
      if (asked !== 'auto' || chosen.backend === 'sqlite' || err instanceof EmbeddedDbUnavailable) throw err;
      say(`PostgreSQL did not start (${String(err).split('\n')[0]}); using SQLite instead.`);
      embedded = await start('sqlite');
    }
    if (asked === 'auto' && embedded.backend) say(`FerretDB stores its data in ${embedded.backend}: ${chosen.why}.`);
    uri = embedded.uri;
    // FerretDB 1.24 lists its PostgreSQL schemas with `NOT LIKE 'pg_%'` (an unescaped `_`), so after
    // a restart it would not see a database named pg…, and would drop it on the next write
    if (embedded.backend === 'postgresql' && /^pg/i.test(config.db.name)) {
      await embedded.stop();
      throw new Error(`DB_NAME "${config.db.name}" cannot start with "pg" on the PostgreSQL backend`);
    }
  }
  const dbSettings = {
    dbName: config.db.name,
    timeoutMs: config.db.timeoutMs,
    onError: (err: unknown) => logger.warn({ err }, 'database connection error'),
  };
  const conn = await connectDb(uri, dbSettings);
  const stopWatchdog = watchConnection(conn, uri, {
    ...dbSettings,
    onReconnect: (downForMs) =>
      logger.warn(
        { downForMs },
        'database reachable again but the driver had not reconnected: reopened the connection',
      ),
  });
  if (config.env === 'production' && !(await deploymentOf(conn))) {
    // majority writes on one server survive no failover: say so where operators look
    logger.error('MONGODB_URI names a single server: production expects a replica set (README, "The database")');
  }
  const models = createModels(conn);
  await ensureIndexes(models);
  await embedded?.afterIndexes();
  if (config.seedDemo) await seedDemo({ models, config, logger });
  const jwtSecret = config.auth.jwtSecret ?? (await developmentSecret(config.db.dataDir));

  const { app, services } = createApp({ config, conn, logger, jwtSecret });
  const handle = app.callback();
  const server = http.createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;

  // this instance's live streams read the events written by every instance
  services.help.start();
  // background work (ticks, webhook delivery, sweeps, reminders) on one instance at a time
  const runner = createRunner({
    once: createOnce({ models, clock: systemClock }),
    clock: systemClock,
    logger,
    slotMs: config.background.slotMs,
    slowMs: config.background.slowMs,
    jobs: [
      ...services.help.jobs(),
      ...services.workorders.jobs(),
      ...services.followups.jobs(),
      // payments left pending are asked after and closed; due reminders become messages (消息)
      {
        name: 'payment-sweep',
        everyMs: config.billing.sweepSeconds * 1000,
        run: () => services.payments.sweepPending(),
      },
      {
        name: 'reminders',
        everyMs: config.billing.reminderSweepMinutes * 60_000,
        run: () => services.family.notifyDueReminders(),
      },
      ...services.notifications.jobs(),
      { name: 'session-sweep', everyMs: config.auth.sweepMinutes * 60_000, run: () => services.auth.sweepExpired() },
      { name: 'limit-sweep', everyMs: config.auth.sweepMinutes * 60_000, run: () => services.limits.sweep() },
      // @billing-start
      // @outlets-start
      // @help-start
      // @workorders-start
    ],
  });
  runner.start();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}`,
    config,
    conn,
    embedded,
    close() {
      closing ??= (async () => {
        runner.stop();
        stopWatchdog();
        // @billing-stop
        // @outlets-stop
        services.help.stop();
        // @help-stop
        // @workorders-stop
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // long-lived streams (SSE) would keep the server open forever: end them after a grace period
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        await closed;
        clearTimeout(force);
        await conn.close();
        await embedded?.stop();
      })();
      return closing;
    },
  };
}

/** Runs the server until SIGTERM or SIGINT, then shuts down gracefully. */
export async function main(): Promise<RunningServer> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      say(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (err) {
    if (err instanceof EmbeddedDbUnavailable) {
      say(err.message);
      process.exit(69); // EX_UNAVAILABLE
    }
    throw err;
  }
  const shutdown = (signal: string) => {
    say(`${signal} received, shutting down`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        say(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => say(`unhandled rejection: ${String(err)}`));
  say(`API listening on ${running.url}`);
  return running;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    say(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
