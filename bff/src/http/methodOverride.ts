import type { AppMiddleware } from './state';

/**
 * WeChat's `wx.request` cannot send PATCH, so the mini-program sends `POST` with
 * `X-HTTP-Method-Override: PATCH`. Only that one rewrite is allowed: a POST can never become a
 * GET or DELETE this way.
 */
export function methodOverride(): AppMiddleware {
  return async function methodOverride(ctx, next) {
    if (ctx.method === 'POST' && ctx.get('X-HTTP-Method-Override').toUpperCase() === 'PATCH') ctx.method = 'PATCH';
    await next();
  };
}
