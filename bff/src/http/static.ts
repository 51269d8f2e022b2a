import { existsSync } from 'node:fs';
import path from 'node:path';
import send from 'koa-send';
import type { AppMiddleware } from './state';

/**
 * Serves the H5 build: files as they are, hashed assets cached for a year, and `index.html`
 * (never cached) for any other page path, since the app routes on the client.
 */
export function serveH5(root: string): AppMiddleware {
  const index = path.join(root, 'index.html');
  return async function serveH5(ctx, next) {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) {
      await next();
      return;
    }
    if (ctx.path !== '/' && existsSync(path.join(root, path.normalize(ctx.path)))) {
      const immutable = /\.[0-9a-f]{8,}\.(js|css|png|jpg|svg|woff2?)$/.test(ctx.path);
      await send(ctx, ctx.path, { root, immutable, maxage: immutable ? 365 * 24 * 3600 * 1000 : 0 });
      return;
    }
    if (!existsSync(index)) {
      await next();
      return;
    }
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root });
  };
}
