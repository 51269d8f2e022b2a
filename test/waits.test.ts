import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/process';

/**
 * Browser tests wait for conditions under one bound that only ends a hang (UI_WAIT_MS on every
 * context, the e2e project's expect.poll timeout). A wait given its own short timeout, or a fixed
 * sleep, is a test that fails on a loaded machine while the page is right: none may come back.
 */
const folders = ['test/e2e', 'test/a11y'];
const faults: Array<[RegExp, string]> = [
  [/\btimeout:\s*\d/, 'a wait with its own timeout (the context and expect.poll have the one bound)'],
  [/\bwaitForTimeout\s*\(/, 'a fixed sleep instead of waiting for a condition'],
];

function files(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('browser tests wait for conditions, not for time', () => {
  it('passes no short timeout and sleeps nowhere', () => {
    const found: string[] = [];
    for (const file of folders.flatMap(files)) {
      readFileSync(path.join(repoRoot, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [pattern, why] of faults)
            if (pattern.test(line)) found.push(`${file}:${i + 1}: ${why}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
