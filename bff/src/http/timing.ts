import type { AppContext, AppMiddleware } from './state';

/**
 * Where a request's time goes, as a `Server-Timing` header (`SERVER_TIMING=true`; the benchmark
 * turns it on and averages the stages of each row): `auth` (the session lookup), `input`
 * (validation), `handler` (the feature's reads and writes, and any stages a feature names inside
 * it), `contract` (the response checked against its schema), `serialise` (the JSON of an object
 * body, done here instead of by Koa), and `total`. Off by default: durations are for those measuring, not for every caller.
 */
export function serverTiming(enabled: boolean): AppMiddleware {
  return async function timed(ctx, next) {
    if (!enabled) {
      await next();
      return;
    }
    const started = performance.now();
    ctx.state.timing = [];
    try {
      await next();
      // what Koa would do with an object body, done here so its time is a stage of its own
      const body: unknown = ctx.body;
      if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !('pipe' in body)) {
        await stage(ctx, 'serialise', () => {
          ctx.body = JSON.stringify(body);
          ctx.type = 'application/json';
        });
      }
    } finally {
      const parts = [...ctx.state.timing, { name: 'total', ms: performance.now() - started }];
      ctx.set('Server-Timing', parts.map((p) => `${p.name};dur=${p.ms.toFixed(2)}`).join(', '));
    }
  };
}

/** Runs `work`, noting its time as stage `name` when timing is on. */
export async function stage<T>(ctx: AppContext, name: string, work: () => Promise<T> | T): Promise<T> {
  const timing = ctx.state.timing;
  if (!timing) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    timing.push({ name, ms: performance.now() - started });
  }
}
