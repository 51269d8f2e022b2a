/**
 * `npm run dev`: the watch-mode variant of `npm start`. Taro's H5 dev server rebuilds the app on
 * every change and proxies `/api` to the BFF, which restarts when its code changes; both use the
 * demo settings of `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib';

if (existsSync(path.join(repoRoot, '.env'))) process.loadEnvFile(path.join(repoRoot, '.env'));

const apiPort = process.env.PORT ?? '3000';
const h5Port = process.env.H5_DEV_PORT ?? '10086';
const env = {
  ...process.env,
  PORT: apiPort,
  H5_DEV_PORT: h5Port,
  BIANMIN_API_BASE: process.env.BIANMIN_API_BASE ?? `http://127.0.0.1:${apiPort}`,
  DEV_LOGIN_ENABLED: process.env.DEV_LOGIN_ENABLED ?? 'true',
  SEED_DEMO: process.env.SEED_DEMO ?? 'true',
};

process.stdout.write(
  `\n  便民 Bianmin (watch mode)\n  H5 app: http://127.0.0.1:${h5Port}/  (rebuilds on change, /api goes to the BFF)\n` +
    `  API:    http://127.0.0.1:${apiPort}/api  (restarts on change)\n\n`,
);

const children: ChildProcess[] = [
  spawn('npm', ['run', 'dev:h5', '-w', 'miniapp'], { cwd: repoRoot, stdio: 'inherit', env }),
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'bff/src/server.ts'], { cwd: repoRoot, stdio: 'inherit', env }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    if (code) stop();
  });
