import { spawn, spawnSync } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Small helpers for starting the embedded database's programs. */

/** The path of `command` when it is on the PATH. */
export function onPath(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

export async function exists(file: string, mode = fsConstants.F_OK): Promise<boolean> {
  return fs.access(file, mode).then(
    () => true,
    () => false,
  );
}

/**
 * Runs a program to its end; answers its exit code and standard output. An exit code not in
 * `okCodes` (default: only 0) rejects with the command and the end of what it printed.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; okCodes?: number[] } = {},
): Promise<{ code: number; stdout: string }> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      okCodes.includes(code ?? -1)
        ? resolve({ code: code ?? 0, stdout: out })
        : reject(
            new Error(`${path.basename(command)} ${args.join(' ')} failed (${code}):\n${(err || out).slice(-4000)}`),
          ),
    );
  });
}
