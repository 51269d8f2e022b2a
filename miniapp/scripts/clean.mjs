#!/usr/bin/env node
// Removes dist/<target> before a build. Taro exits 0 when it refuses its configuration, leaving the
// previous build in place; starting from an empty folder lets report-size.mjs catch that.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const target = process.argv[2];
if (target !== 'weapp' && target !== 'h5') {
  console.error('usage: clean.mjs weapp|h5');
  process.exit(2);
}
rmSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', target), {
  recursive: true,
  force: true,
});
