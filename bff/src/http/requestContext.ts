import type { Logger } from '../lib/logger';
import { randomId } from '../lib/ids';
import type { AppMiddleware } from './state';

const INCOMING_ID = /^[\w.-]{8,64}$/;

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane), a logger bound to it,
 * and one access-log line with the status and duration.
 */
export function requestContext(logger: Logger): AppMiddleware {
  return async function requestContext(ctx, next) {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomId(9);
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    }
  };
}
