import mongoose, { type Connection, type ConnectOptions } from 'mongoose';

export interface ConnectSettings {
  dbName: string;
  timeoutMs: number;
  onError?: (err: unknown) => void;
}

/**
 * What production expects of MongoDB (README, "The database"), unless the URI says otherwise: a
 * write is acknowledged once a majority of the replica set has it in its journal, so a primary
 * that fails over loses no answered 201; reads go to the primary, so a state change is read back
 * as written (no secondary lagging behind a claim); a write or read cut by a failover is retried
 * once by the driver. On a single server (the embedded database, a developer's mongod) majority
 * is that server.
 */
export function durabilityOptions(uri: string): ConnectOptions {
  const query = new URLSearchParams(uri.split('?')[1] ?? '');
  const has = (name: string) => [...query.keys()].some((k) => k.toLowerCase() === name.toLowerCase());
  return {
    ...(has('w') ? {} : { writeConcern: { w: 'majority' as const, journal: true } }),
    ...(has('readPreference') ? {} : { readPreference: 'primary' as const }),
    ...(has('retryWrites') ? {} : { retryWrites: true }),
    ...(has('retryReads') ? {} : { retryReads: true }),
  };
}

function connectOptions(uri: string, options: ConnectSettings): ConnectOptions {
  return {
    ...durabilityOptions(uri),
    dbName: options.dbName,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.timeoutMs,
    connectTimeoutMS: options.timeoutMs,
    socketTimeoutMS: 30_000,
    heartbeatFrequencyMS: 1000,
    maxPoolSize: 50,
  };
}

/**
 * Opens the mongoose connection. Commands are not buffered while the database is away, and
 * server selection gives up after `timeoutMs`, so a request during an outage fails fast with a
 * 503 instead of hanging; the driver reconnects by itself when the database returns (and
 * {@link watchConnection} makes sure it does).
 */
export async function connectDb(uri: string, options: ConnectSettings): Promise<Connection> {
  const conn = mongoose.createConnection(uri, connectOptions(uri, options));
  // an 'error' event without a listener would end the process; an outage must not
  conn.on('error', (err: unknown) => options.onError?.(err));
  await conn.asPromise();
  return conn;
}

/**
 * How the database is deployed, from its `hello`: the replica set's name, `sharded` behind a
 * mongos, or null for a single server (the embedded database, a standalone mongod).
 */
export async function deploymentOf(conn: Connection): Promise<string | null> {
  const hello = (await conn.db?.admin().command({ hello: 1 })) as { setName?: string; msg?: string } | undefined;
  if (hello?.setName) return hello.setName;
  return hello?.msg === 'isdbgrid' ? 'sharded' : null;
}

/** Answers whether the database replies to a ping within `timeoutMs`. Never throws. */
export async function pingDatabase(conn: Connection, timeoutMs: number): Promise<boolean> {
  const db = conn.db;
  if (!db || conn.readyState !== mongoose.ConnectionStates.connected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db.command({ ping: 1 }, { timeoutMS: timeoutMs }).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a brand-new client can reach the database at `uri` now. */
async function reachableAfresh(uri: string, timeoutMs: number): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * A watchdog for the connection. The driver normally reconnects by itself when the database
 * comes back; seen in the outage test against FerretDB, it sometimes never does (its monitor
 * keeps the server "Unknown" although a new client connects at once). When this connection has
 * been down for `stuckAfterMs` while a fresh client reaches the database, the watchdog closes
 * and reopens it (the models stay bound to the same Connection object). Answers a stop function.
 */
export function watchConnection(
  conn: Connection,
  uri: string,
  options: ConnectSettings & {
    intervalMs?: number;
    stuckAfterMs?: number;
    onReconnect?: (downForMs: number) => void;
  },
): () => void {
  const intervalMs = options.intervalMs ?? 2000;
  const stuckAfterMs = options.stuckAfterMs ?? 8000;
  let downSince: number | undefined;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      if (await pingDatabase(conn, options.timeoutMs)) {
        downSince = undefined;
        return;
      }
      downSince ??= Date.now();
      const downFor = Date.now() - downSince;
      if (downFor < stuckAfterMs || !(await reachableAfresh(uri, options.timeoutMs))) return;
      // the driver may have come back on its own meanwhile: then leave it be
      if (await pingDatabase(conn, options.timeoutMs)) {
        downSince = undefined;
        return;
      }
      // not a forced close: mongoose refuses every later operation on a force-closed connection,
      // even after it is opened again
      await conn.close().catch(() => undefined);
      await conn.openUri(uri, connectOptions(uri, options));
      options.onReconnect?.(downFor);
      downSince = undefined;
    })()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
