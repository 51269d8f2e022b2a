/**
 * `npm run db:build`: makes the embedded database ready ahead of time (CI runs it before the
 * tests), so the first `npm start` or test run does not wait for the FerretDB build.
 */
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../config';
import { ensureFerretDb, EmbeddedDbUnavailable } from './embedded';

const config = loadConfig();
const say = (message: string) => process.stderr.write(`[bianmin] ${message}\n`);

if (config.db.uri) {
  say('MONGODB_URI is set: no embedded database needed.');
} else if (spawnSync('sh', ['-c', 'command -v mongod']).status === 0) {
  say('mongod is on the PATH: it will be used as the embedded database.');
} else {
  try {
    const binary = await ensureFerretDb(config.db.cacheDir, say);
    say(`FerretDB ready: ${binary}`);
  } catch (err) {
    say(err instanceof EmbeddedDbUnavailable ? err.message : String(err));
    process.exit(1);
  }
}
