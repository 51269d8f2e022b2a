/**
 * `npm start`: the whole demo from one process on http://127.0.0.1:3000 — builds the H5 app if
 * it is missing or older than its sources, then starts the BFF on the embedded database with
 * the demo seed and the development login switched on, serving the H5 build.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { h5Dir, h5IsFresh, buildH5, repoRoot } from './lib';

if (existsSync(path.join(repoRoot, '.env'))) process.loadEnvFile(path.join(repoRoot, '.env'));

const say = (message: string) => process.stderr.write(`[bianmin] ${message}\n`);

if (!h5IsFresh()) {
  say('Building the H5 app (about a minute the first time)…');
  const started = Date.now();
  buildH5();
  say(`H5 app built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

// the demo's settings, unless the environment or .env says otherwise
process.env.DEV_LOGIN_ENABLED ??= 'true';
process.env.SEED_DEMO ??= 'true';
process.env.STATIC_DIR ??= h5Dir;
process.env.LOG_LEVEL ??= 'warn';

const { main } = await import('../bff/src/server');
const running = await main();
const devLogin = running.config.auth.devLoginEnabled;
process.stdout.write(
  [
    '',
    `  便民 Bianmin is running at ${running.url}/`,
    `  Database: ${running.embedded ? `embedded ${running.embedded.kind}, data in ${running.config.db.dataDir}` : 'MONGODB_URI'}`,
    `  Resident app (H5): ${running.url}/ ${devLogin ? '— signs in by itself with the development login' : ''}`,
    '  Staff logins: agent01, agent02, agent03 (agents), super01 (supervisor); password: bianmin-demo',
    '  Unit staff: field01…field12 (现场人员, two per unit), coord01…coord06 (客服工程师); same password',
    devLogin ? '  Development login is ON: demo only, never in production.' : '  Development login is off.',
    '  Stop with Ctrl+C.',
    '',
  ].join('\n') + '\n',
);
