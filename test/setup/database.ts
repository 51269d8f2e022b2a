import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDb } from '../../bff/src/db/embedded';
import { projectRoot } from '../../bff/src/config';

import '../../bff/src/testing/provided';

/**
 * Starts one throw-away embedded database for a test project (a real mongod if on the PATH,
 * otherwise FerretDB); each test file then works in a database of its own on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-test-db-'));
  const db = await startEmbeddedDb({
    dataDir,
    cacheDir: process.env.CACHE_DIR ?? path.join(projectRoot, '.cache'),
    say: (message) => process.stderr.write(`[test db] ${message}\n`),
  });
  project.provide('dbUri', db.uri);
  return async () => {
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
