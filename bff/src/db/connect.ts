import mongoose, { type Connection, type ConnectOptions } from 'mongoose';

export interface ConnectSettings {
  dbName: string;
  timeoutMs: number;
  onError?: (err: unknown) => void;
}

function connectOptions(options: ConnectSettings): ConnectOptions {
  return {
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
  const conn = mongoose.createConnection(uri, connectOptions(options));
  // an 'error' event without a listener would end the process; an outage must not
  conn.on('error', (err: unknown) => options.onError?.(err));
  await conn.asPromise();
  return conn;
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
      await conn.openUri(uri, connectOptions(options));
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
