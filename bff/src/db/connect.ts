import mongoose, { type Connection } from 'mongoose';

/**
 * Opens the mongoose connection. Commands are not buffered while the database is away, and
 * server selection gives up after `timeoutMs`, so a request during an outage fails fast with a
 * 503 instead of hanging; the driver reconnects by itself when the database returns.
 */
export async function connectDb(
  uri: string,
  options: { dbName: string; timeoutMs: number; onError?: (err: unknown) => void },
): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName: options.dbName,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.timeoutMs,
    connectTimeoutMS: options.timeoutMs,
    socketTimeoutMS: 30_000,
    heartbeatFrequencyMS: 1000,
    maxPoolSize: 50,
  });
  // an 'error' event without a listener would end the process; an outage must not
  conn.on('error', (err: unknown) => options.onError?.(err));
  await conn.asPromise();
  return conn;
}
