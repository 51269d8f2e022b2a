import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bff/src/db/embedded';
import { runTs, startUntil } from './helpers/process';

describe('starting the BFF', () => {
  let emptyDir: string;
  beforeAll(async () => {
    emptyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-start-'));
  });
  afterAll(() => fs.rm(emptyDir, { recursive: true, force: true }));

  it('refuses to start in production with the development login enabled', async () => {
    const result = await runTs('bff/src/server.ts', {
      ...process.env,
      NODE_ENV: 'production',
      DEV_LOGIN_ENABLED: 'true',
      JWT_SECRET: 'x'.repeat(40),
      MONGODB_URI: 'mongodb://127.0.0.1:1',
    });
    expect(result.code).toBe(78);
    expect(result.output).toMatch(/DEV_LOGIN_ENABLED: dev login cannot be enabled in production/);
  });

  it('says what to install or set when no database can be had', async () => {
    // a PATH with a shell and nothing else: no mongod, no go
    const bin = path.join(emptyDir, 'bin');
    await fs.mkdir(bin);
    await fs.symlink('/bin/sh', path.join(bin, 'sh'));
    const result = await runTs('bff/src/server.ts', {
      HOME: emptyDir,
      PATH: bin,
      NODE_ENV: 'development',
      DATA_DIR: path.join(emptyDir, 'data'),
      CACHE_DIR: path.join(emptyDir, 'cache'),
    });
    expect(result.code).toBe(69);
    expect(result.output).toContain('MONGODB_URI=');
    expect(result.output).toMatch(/install MongoDB/);
    expect(result.output).toMatch(/install Go/);
  });

  it('starts its embedded database, and on SIGTERM shuts down cleanly and stops it', async () => {
    const dataDir = path.join(emptyDir, 'graceful');
    const port = await freePort();
    const { child, match } = await startUntil(
      process.execPath,
      ['--import', 'tsx', 'bff/src/server.ts'],
      { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
      /API listening on (http:\/\/\S+)/,
      300_000,
    );
    const health = await fetch(`${match[1]}/api/health`);
    expect(health.status).toBe(200);
    const kinds = await fs.readdir(dataDir);
    const dbPid = Number(await fs.readFile(path.join(dataDir, kinds[0] ?? '', 'server.pid'), 'utf8'));
    expect(() => process.kill(dbPid, 0)).not.toThrow();

    // only the BFF gets the signal: stopping the database is its job
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(() => process.kill(dbPid, 0)).toThrow();
    await expect(fetch(`${match[1]}/api/health`)).rejects.toThrow();
  });
});
