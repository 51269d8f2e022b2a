import getRawBody from 'raw-body';
import { AppError } from './errors';
import type { AppMiddleware } from './state';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads a JSON request body, at most `limit` bytes (413 beyond), keeping the raw bytes for
 * signature checks. A request without a body has `ctx.state.body` undefined; a body that is
 * not JSON is a 415, one that does not parse a 400.
 */
export function jsonBody(options: { limit: number }): AppMiddleware {
  return async function jsonBody(ctx, next) {
    const declared = ctx.get('Content-Length');
    const length = declared ? Number(declared) : undefined;
    const hasBody = ctx.get('Transfer-Encoding') !== '' || (length !== undefined && length > 0);
    if (!WITH_BODY.has(ctx.method) || !hasBody) {
      await next();
      return;
    }
    if (length !== undefined && length > options.limit) throw new AppError('PAYLOAD_TOO_LARGE');
    if (!ctx.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请求内容要用 JSON 格式。');
    const raw = await getRawBody(ctx.req, { limit: options.limit, length });
    ctx.state.rawBody = raw;
    if (raw.length > 0) {
      try {
        ctx.state.body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        throw new AppError('BAD_JSON');
      }
    }
    await next();
  };
}
