import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDb, deploymentOf, durabilityOptions, pingDatabase, watchConnection } from './connect';
import '../testing/provided';

describe('the connection watchdog', () => {
  let conn: Connection;
  let stop: () => void;
  const reopened: number[] = [];
  beforeAll(async () => {
    const uri = inject('dbUri');
    const settings = { dbName: 'watchdog', timeoutMs: 1000 };
    conn = await connectDb(uri, settings);
    stop = watchConnection(conn, uri, {
      ...settings,
      intervalMs: 100,
      stuckAfterMs: 300,
      onReconnect: (ms) => reopened.push(ms),
    });
  });
  afterAll(async () => {
    stop();
    await conn.close();
  });

  it('reopens a connection whose driver stays down while the database is reachable, and it serves again', async () => {
    await conn.collection('things').insertOne({ n: 1 });
    // a driver that gave up: its client is closed under mongoose while the database is fine
    await conn.getClient().close();
    expect(await pingDatabase(conn, 500)).toBe(false);
    // until the watchdog has reopened it (the test's timeout bounds a watchdog that never does)
    while (!(await pingDatabase(conn, 500))) await new Promise((r) => setTimeout(r, 100));
    expect(reopened.length).toBeGreaterThan(0);
    // the same Connection object (the models are bound to it) reads and writes again
    expect(await conn.collection('things').countDocuments({ n: 1 })).toBe(1);
    await conn.collection('things').insertOne({ n: 2 });
    expect(await conn.collection('things').countDocuments({})).toBe(2);
  });
});

describe('what production expects of MongoDB', () => {
  it('writes with majority and journal, reads the primary and retries once, unless the URI says otherwise', () => {
    expect(durabilityOptions('mongodb://db-1,db-2,db-3/?replicaSet=rs0')).toEqual({
      writeConcern: { w: 'majority', journal: true },
      readPreference: 'primary',
      retryWrites: true,
      retryReads: true,
    });
    expect(durabilityOptions('mongodb://db-1/?w=1&readPreference=primaryPreferred&retryWrites=false')).toEqual({
      retryReads: true,
    });
  });

  it('connects with them to the embedded database, which acknowledges majority writes as the one server', async () => {
    const conn = await connectDb(inject('dbUri'), { dbName: 'durability', timeoutMs: 2000 });
    try {
      expect(conn.getClient().options.writeConcern).toMatchObject({ w: 'majority', journal: true });
      const written = await conn.collection('things').insertOne({ n: 1 });
      expect(written.acknowledged).toBe(true);
      expect(await deploymentOf(conn)).toBeNull();
    } finally {
      await conn.close();
    }
  });
});
