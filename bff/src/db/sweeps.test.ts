import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config';
import { createModels } from './models';

/**
 * Nothing grows without limit, and no sweep scans its collection: every `deleteMany` by a time
 * bound (`{ field: { $lt | $lte: … } }`) in the BFF's code is served by an index that starts
 * with that field. A sweep added without its index fails here.
 */
describe('sweeps by time', () => {
  const root = path.join(projectRoot, 'bff', 'src');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return files(full);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
    });
  const sweeps = files(root).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/models\.(\w+)\.deleteMany\(\{\s*(\w+):\s*\{\s*\$(?:lt|lte)\b/g)].map(
      (m) => ({ file: path.relative(root, file), model: m[1] ?? '', field: m[2] ?? '' }),
    ),
  );
  const models = createModels(mongoose.createConnection());

  it('finds the sweeps (sessions, limits, events, once-keys, outbox)', () => {
    const names = new Set(sweeps.map((s) => s.model));
    for (const model of ['Session', 'LimitHit', 'Event', 'Once', 'Outbox']) expect(names).toContain(model);
  });

  it('serves each with an index that starts with its time field', () => {
    const missing = sweeps.filter(({ model, field }) => {
      const m = (models as unknown as Record<string, mongoose.Model<unknown>>)[model];
      if (!m) return true;
      return !m.schema.indexes().some(([keys]) => Object.keys(keys)[0] === field);
    });
    expect(missing).toEqual([]);
  });
});
