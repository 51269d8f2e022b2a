import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const h5Dir = path.join(repoRoot, 'miniapp', 'dist', 'h5');

/** The newest modification time of any file under `dir`, 0 when it does not exist. */
function newest(dir: string): number {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** True when the H5 build exists and is newer than every source it is built from. */
export function h5IsFresh(): boolean {
  const built = newest(h5Dir);
  if (!built) return false;
  const sources = ['miniapp/src', 'miniapp/config', 'shared/src'].map((d) => newest(path.join(repoRoot, d)));
  return built >= Math.max(...sources);
}

/** Builds the H5 app; exits the process if the build fails. */
export function buildH5(): void {
  // the release build whoever asks (a test runner's NODE_ENV=test makes Babel turn every lazy
  // page into an eager one, and a test of the real build's chunks would then pass for nothing)
  const result = spawnSync('npm', ['run', 'build:h5', '-w', 'miniapp'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    process.stderr.write('[bianmin] The H5 build failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}
