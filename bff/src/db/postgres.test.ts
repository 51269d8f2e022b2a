import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config';
import { connectDb } from './connect';
import { startEmbeddedDb, type EmbeddedDb } from './embedded';
import { createModels, ensureIndexes, type Models } from './models';

/**
 * (The database is not named `pg…`: FerretDB 1.24 skips such schemas when it starts, see server.ts.)
 *
 * The embedded FerretDB on the system's PostgreSQL (EMBEDDED_DB_BACKEND=postgresql, what the
 * benchmark uses for its 200 000 bills): it serves the app's models, keeps its data across a
 * restart, and answers a query on a secondary field from an index instead of reading the table.
 */
describe('the embedded database on PostgreSQL', () => {
  const cacheDir = process.env.CACHE_DIR ?? path.join(projectRoot, '.cache');
  let dataDir: string;
  let db: EmbeddedDb;
  let conn: Connection;
  let models: Models;

  const open = async () => {
    db = await startEmbeddedDb({ dataDir, cacheDir, backend: 'postgresql', preferFerretDb: true });
    conn = await connectDb(db.uri, { dbName: 'onpostgres', timeoutMs: 5000 });
    models = createModels(conn);
    await ensureIndexes(models);
    await db.afterIndexes();
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-pg-'));
    await fs.chmod(dataDir, 0o755); // PostgreSQL runs as its own user
    await open();
  });
  afterAll(async () => {
    await conn.close();
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores and finds the app documents, and refuses a duplicate on a unique index', async () => {
    expect(db.backend).toBe('postgresql');
    const bills = Array.from({ length: 600 }, (_, i) => ({
      accountId: `acct-${i % 60}`,
      utility: 'water',
      period: `2026-${String(Math.floor(i / 60) + 1).padStart(2, '0')}`,
      amountFen: 1000 + i,
      dueDate: new Date(Date.UTC(2026, Math.floor(i / 60), 20)),
      status: i % 3 === 0 ? 'paid' : 'unpaid',
    }));
    await conn.collection('bills').insertMany(bills);
    const found = await conn.collection('bills').find({ accountId: 'acct-7' }).sort({ period: -1 }).toArray();
    expect(found.map((b) => b.amountFen as number).sort()).toEqual(
      bills
        .filter((b) => b.accountId === 'acct-7')
        .map((b) => b.amountFen)
        .sort(),
    );
    await models.Once.create({ _id: 'pg-once', at: new Date() });
    await expect(models.Once.create({ _id: 'pg-once', at: new Date() })).rejects.toMatchObject({ code: 11000 });
  });

  it('answers an equality filter on a secondary field from a GIN index, not a table scan', async () => {
    const sql = db.sql;
    expect(sql).toBeDefined();
    if (!sql) return;
    const table = (
      await sql("SELECT tablename FROM pg_tables WHERE schemaname = 'onpostgres' AND tablename LIKE 'bills%'")
    )
      .trim()
      .split('\n')[0];
    expect(table).toMatch(/^bills/);
    await sql(`ANALYZE onpostgres."${table}"`);
    const plan = await sql(
      `SET enable_seqscan = off; EXPLAIN SELECT _jsonb FROM onpostgres."${table}" WHERE _jsonb -> 'accountId' @> '"acct-7"'`,
    );
    expect(plan).toMatch(/Index Scan on bianmin_gin_/);
  });

  it('keeps its data across a restart, and making the indexes again changes nothing', async () => {
    await conn.close();
    await db.stop();
    await open();
    expect(await conn.collection('bills').countDocuments({ accountId: 'acct-7' })).toBe(10);
    const indexes = await db.sql?.("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'bianmin_gin_%'");
    await db.afterIndexes();
    expect(await db.sql?.("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'bianmin_gin_%'")).toBe(indexes);
  });
});
