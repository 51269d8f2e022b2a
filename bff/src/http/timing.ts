import type { AppContext, AppMiddleware } from './state';

/**
 * Where a request's time goes, as a `Server-Timing` header (`SERVER_TIMING=true`; the benchmark
 * turns it on and averages the stages of each row): `auth` (the session lookup), `input`
 * (validation), `handler` (the feature's reads and writes), `contract` (the response checked
 * against its schema), and `total` up to the body being handed to Koa (serialising is in
 * neither). Off by default: durations are for those measuring, not for every caller.
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
