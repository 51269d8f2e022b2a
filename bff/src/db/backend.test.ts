import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend } from './embedded';
import { findPostgres } from './postgres';

describe('the embedded storage `auto` chooses', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-backend-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

  it('what was asked, when it was', async () => {
    const dir = await dataDir();
    expect((await chooseBackend('sqlite', dir)).backend).toBe('sqlite');
    expect((await chooseBackend('postgresql', dir)).backend).toBe('postgresql');
  });

  it('PostgreSQL for a new data folder where it is installed, SQLite where it is not', async () => {
    const chosen = await chooseBackend('auto', await dataDir());
    expect(chosen.backend).toBe((await findPostgres()) ? 'postgresql' : 'sqlite');
    expect(chosen.why).toMatch(/PostgreSQL/);
  });

  it('SQLite for a data folder that already holds a SQLite database, PostgreSQL once it holds one', async () => {
    const dir = await dataDir();
    await fs.mkdir(path.join(dir, 'ferretdb'));
    expect(await chooseBackend('auto', dir)).toEqual({ backend: 'sqlite', why: `the data in ${dir} is on SQLite` });
    await fs.mkdir(path.join(dir, 'ferretdb-postgresql'));
    expect((await chooseBackend('auto', dir)).backend).toBe((await findPostgres()) ? 'postgresql' : 'sqlite');
  });
});
