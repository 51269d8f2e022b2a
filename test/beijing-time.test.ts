import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/process';

// Every date and time a person reads is Beijing time, whatever the zone of the server or the
// phone, and the arithmetic for it lives in one module (shared/src/time.ts). A second copy is a
// bug waiting to differ: a payment at 05:35 Beijing time once read 12月1日 in 缴费记录 and
// 2026/12/2 on its receipt. This check finds the family in the source: the local-zone readings
// of a Date, locale formatting (the phone's zone), and hand-written UTC+8 offsets.

const ROOTS = ['bff/src', 'miniapp/src', 'shared/src', 'scripts'];
const HOME = 'shared/src/time.ts';

const FORBIDDEN: Array<[RegExp, string]> = [
  [
    /\.(getHours|getMinutes|getDate|getDay|getMonth|getFullYear)\(\)/,
    'reads a Date in the process’s or phone’s own zone',
  ],
  [/\.(setHours|setDate|setMonth|setFullYear)\(/, 'moves a Date in the process’s or phone’s own zone'],
  [/\.toLocale(Date|Time)String\(|new Date\([^)]*\)\.toLocaleString\(/, 'formats in the phone’s zone and locale'],
  [/Intl\.DateTimeFormat/, 'formats dates outside the Beijing-time module'],
  [/\b8\s*\*\s*(3600|60\s*\*\s*60)/, 'writes the UTC+8 offset by hand'],
  [/\.getUTC(Hours|Date|Day|Month|FullYear)\(\)/, 'reads UTC fields: Beijing time comes from shared/src/time.ts'],
];

function sources(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

describe('Beijing time', () => {
  it('is reckoned only in shared/src/time.ts: no local-zone readings, locale formats or UTC+8 offsets elsewhere', () => {
    const files = ROOTS.flatMap(sources).filter((f) => f !== HOME);
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(path.join(repoRoot, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          for (const [pattern, why] of FORBIDDEN) {
            if (pattern.test(code)) offenders.push(`${file}:${i + 1}: ${why}: ${line.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
  });
});
