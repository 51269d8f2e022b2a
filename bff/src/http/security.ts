import type { AppMiddleware } from './state';

/**
 * Secure response headers. The API answers JSON only, so its responses get a locked-down
 * policy; the H5 pages get one that allows their own scripts and styles and nothing foreign.
 */
export function securityHeaders(): AppMiddleware {
  return async function securityHeaders(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    // the help page records voice messages (按住说话) from its own origin
    ctx.set('Permissions-Policy', 'camera=(), microphone=(self), geolocation=(self)');
    if (ctx.path.startsWith('/api/')) {
      ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      ctx.set('Cache-Control', 'no-store');
    } else {
      // Taro's H5 entry sets the root font size with an inline script before the bundle loads.
      ctx.set(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    ctx.remove('X-Powered-By');
    await next();
  };
}
