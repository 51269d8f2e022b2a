/**
 * `npm run dev`: the watch-mode variant of `npm start`. Rebuilds the H5 app on every change and
 * restarts the BFF when its code changes, with the same demo settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { h5Dir, repoRoot } from './lib';

if (existsSync(path.join(repoRoot, '.env'))) process.loadEnvFile(path.join(repoRoot, '.env'));

const env = {
  ...process.env,
  DEV_LOGIN_ENABLED: process.env.DEV_LOGIN_ENABLED ?? 'true',
  SEED_DEMO: process.env.SEED_DEMO ?? 'true',
  STATIC_DIR: process.env.STATIC_DIR ?? h5Dir,
};

const children: ChildProcess[] = [
  spawn('npm', ['run', 'dev:h5', '-w', 'miniapp'], { cwd: repoRoot, stdio: 'inherit', env }),
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'bff/src/server.ts'], { cwd: repoRoot, stdio: 'inherit', env }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => {
  if (code) stop();
});
