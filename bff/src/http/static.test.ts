import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Koa from 'koa';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveH5 } from './static';
import type { AppState } from './state';

describe('serving the H5 build', () => {
  let root: string;
  let http: ReturnType<typeof supertest>;
  const script = 'console.log("便民");'.repeat(50);

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-static-'));
    await fs.mkdir(path.join(root, 'js'));
    await fs.writeFile(path.join(root, 'index.html'), '<!doctype html><title>便民</title>');
    await fs.writeFile(path.join(root, 'index.html.gz'), gzipSync('<!doctype html><title>便民</title>'));
    await fs.writeFile(path.join(root, 'js', 'app.0123abcd.js'), script);
    await fs.writeFile(path.join(root, 'js', 'app.0123abcd.js.gz'), gzipSync(script));
    const app = new Koa<AppState>();
    app.use(serveH5(root));
    http = supertest(app.callback());
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it('sends the precompressed file to a browser that accepts gzip, cached for a year', async () => {
    const res = await http.get('/js/app.0123abcd.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toBe(script);
    expect(res.headers['cache-control']).toMatch(/immutable/);
    expect(Number(res.headers['content-length'])).toBeLessThan(Buffer.byteLength(script));
  });

  it('sends the plain file to a client that accepts no compression', async () => {
    const res = await http.get('/js/app.0123abcd.js').set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toBe(script);
  });

  it('answers any page path with index.html, never cached', async () => {
    const res = await http.get('/pages/pay/index').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.text).toContain('便民');
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});
