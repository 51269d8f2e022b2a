#!/usr/bin/env node
// Prints the size of a build and fails when there is none (Taro exits 0 on a refused config).
//   weapp: the main package (everything outside the subpackage roots in app.json) and the total.
//          WeChat refuses a package over 2 MB (this exits 1 then); our target is under 1 MB.
//   h5:    the JS and CSS, raw and gzipped, and what index.html loads first.
// Plain Node, no dependencies.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const target = process.argv[2] ?? 'weapp';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', target);
const HARD_LIMIT = 2 * 1024 * 1024;
const TARGET = 1024 * 1024;

/** Every file under `dir`, as /-separated paths relative to `root`. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function readOrFail(file) {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    console.error(`report-size: no ${target} build at ${root} (missing ${file})`);
    process.exit(1);
  }
}

function reportWeapp() {
  const app = JSON.parse(readOrFail('app.json'));
  // source maps and WeChat's project files are not package content
  const counted = files(root).filter((file) => !file.endsWith('.map') && !/^project\..*config\.json$/.test(file));
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((sub) => sub.root.replace(/\/?$/, '/'));
  const packages = new Map([['main', 0], ...subRoots.map((r) => [r, 0])]);
  let total = 0;
  for (const file of counted) {
    const size = statSync(path.join(root, file)).size;
    total += size;
    const owner = subRoots.find((r) => file.startsWith(r)) ?? 'main';
    packages.set(owner, (packages.get(owner) ?? 0) + size);
  }
  let over = false;
  for (const [name, bytes] of packages) {
    const flag = bytes > HARD_LIMIT ? '  OVER THE 2 MB LIMIT' : bytes > TARGET ? '  over the 1 MB target' : '';
    over ||= bytes > HARD_LIMIT;
    console.log(
      `weapp ${name === 'main' ? 'main package' : `subpackage ${name}`}: ${bytes} bytes (${kb(bytes)})${flag}`,
    );
  }
  console.log(`weapp total: ${total} bytes (${kb(total)}), ${counted.length} files`);
  if (over) process.exit(1);
}

function reportH5() {
  const html = readOrFail('index.html');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const sums = { js: [0, 0], css: [0, 0], initial: [0, 0] };
  for (const file of files(root)) {
    const kind = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    const content = readFileSync(path.join(root, file));
    const sizes = [content.length, gzipSync(content, { level: 9 }).length];
    for (const key of initial.has(file) ? [kind, 'initial'] : [kind]) {
      sums[key][0] += sizes[0];
      sums[key][1] += sizes[1];
    }
  }
  for (const [name, [raw, gz]] of Object.entries(sums)) {
    const label = name === 'initial' ? 'h5 first load (index.html)' : `h5 ${name}`;
    console.log(`${label}: ${raw} bytes (${kb(raw)}), gzipped ${gz} bytes (${kb(gz)})`);
  }
}

if (target === 'weapp') reportWeapp();
else if (target === 'h5') reportH5();
else {
  console.error('usage: report-size.mjs weapp|h5');
  process.exit(2);
}
