import getRawBody from 'raw-body';
import type { ErrorCode } from '@bianmin/shared';
import { AppError } from './errors';
import type { AppMiddleware } from './state';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads a JSON request body, at most `limit` bytes (413 beyond), keeping the raw bytes for
 * signature checks. A request without a body has `ctx.state.body` undefined; a body that is
 * not JSON is a 415, one that does not parse a 400. The bodies of `rawPaths` (photo and voice
 * uploads) are left unread here: their route reads them itself, after the access check.
 */
export function jsonBody(options: { limit: number; rawPaths?: readonly string[] }): AppMiddleware {
  // Koa-style paths: a `:name` segment stands for any one segment
  const raw = (options.rawPaths ?? []).map((p) => p.split('/'));
  const isRaw = (path: string) => {
    const parts = path.split('/');
    return raw.some((r) => r.length === parts.length && r.every((seg, i) => seg.startsWith(':') || seg === parts[i]));
  };
  return async function jsonBody(ctx, next) {
    const declared = ctx.get('Content-Length');
    const length = declared ? Number(declared) : undefined;
    const hasBody = ctx.get('Transfer-Encoding') !== '' || (length !== undefined && length > 0);
    if (!WITH_BODY.has(ctx.method) || !hasBody || isRaw(ctx.path)) {
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

/**
 * Reads the body of an upload as bytes into `ctx.state.rawBody`, at most `limit` bytes: beyond
 * it, the `tooLarge` error (before reading anything when the declared length already says so).
 */
export function bytesBody(options: { limit: number; tooLarge: ErrorCode }): AppMiddleware {
  return async function bytesBody(ctx, next) {
    const declared = ctx.get('Content-Length');
    const length = declared ? Number(declared) : undefined;
    if (length !== undefined && length > options.limit) throw new AppError(options.tooLarge);
    try {
      ctx.state.rawBody = await getRawBody(ctx.req, { limit: options.limit, length });
    } catch (err) {
      if ((err as { type?: string }).type === 'entity.too.large') throw new AppError(options.tooLarge);
      throw err;
    }
    await next();
  };
}
