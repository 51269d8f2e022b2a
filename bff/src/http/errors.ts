import { z } from 'zod';
import { ErrorCode, errorMessages, errorStatus, type ErrorBody, type FieldIssue } from '@bianmin/shared';
import type { AppMiddleware } from './state';

/**
 * An error a service or route throws on purpose. The error middleware turns it into the
 * envelope `{ error: { code, message, details? } }`; the message defaults to the Chinese text
 * for the code.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly options: { details?: FieldIssue[]; status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message ?? errorMessages[code]);
    this.name = 'AppError';
    this.status = options.status ?? errorStatus[code];
  }
}

export const notFound = (message?: string) => new AppError(ErrorCode.NOT_FOUND, message);

/** zod issues as field problems a form can show beside each field. */
export function fieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

const MONGO_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongooseServerSelectionError',
]);

/** True for the errors that mean "the database cannot be reached right now". */
export function isDbUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false;
  if (MONGO_UNAVAILABLE.has(err.name)) return true;
  // mongoose wraps driver errors when buffering is off and the connection is down
  if (/buffering timed out|Client must be connected|connection .* closed/i.test(err.message)) return true;
  // the database's socket closed under a write (the server went away between the driver's check
  // and its write): Node's own error, raised by the driver without its network wrapper
  const code = (err as { code?: unknown }).code;
  if (code === 'EPIPE' || code === 'ECONNRESET' || /socket has been ended by the other party/i.test(err.message))
    return true;
  // an error raised because of one of those (the driver and mongoose chain them as `cause`)
  return isDbUnavailable(err.cause, depth + 1);
}

const HTTP_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Maps anything thrown below into `[status, code, message, details]`. */
function classify(err: unknown): {
  status: number;
  code: ErrorCode;
  message: string;
  details?: FieldIssue[];
  retryAfter?: number;
} {
  if (err instanceof AppError) {
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      details: err.options.details,
      retryAfter: err.options.retryAfterSeconds,
    };
  }
  if (err instanceof z.ZodError) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: errorMessages.VALIDATION_FAILED,
      details: fieldIssues(err),
    };
  }
  if (isDbUnavailable(err)) {
    return { status: 503, code: 'DB_UNAVAILABLE', message: errorMessages.DB_UNAVAILABLE, retryAfter: 5 };
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as { status?: unknown; code?: unknown };
    // duplicate key: someone else made the same thing at the same moment
    if (e.code === 11000) return { status: 409, code: 'CONFLICT', message: errorMessages.CONFLICT };
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // errors raised by koa itself or its helpers (ctx.throw, raw-body, the router)
      const code = HTTP_STATUS_CODES[e.status] ?? 'VALIDATION_FAILED';
      return { status: e.status === 405 ? 404 : e.status, code, message: errorMessages[code] };
    }
  }
  return { status: 500, code: 'INTERNAL', message: errorMessages.INTERNAL };
}

/**
 * The one error middleware, at the top of the chain: every failure leaves as the envelope,
 * 5xx texts are never shown, and each is logged with the request id.
 */
export function errorHandler(): AppMiddleware {
  return async function errorHandler(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND', '没有这个接口。');
    } catch (err) {
      const { status, code, message, details, retryAfter } = classify(err);
      const { requestId, log } = ctx.state;
      if (status >= 500) log.error({ err, path: ctx.path }, 'request failed');
      else log.debug({ code, path: ctx.path }, 'request refused');
      if (ctx.headerSent || !ctx.writable) return;
      const body: ErrorBody = {
        error: { code, message, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) },
      };
      ctx.status = status;
      if (retryAfter) ctx.set('Retry-After', String(retryAfter));
      ctx.type = 'application/json';
      ctx.body = body;
    }
  };
}

/** The value, or a 404 `NOT_FOUND` when a service answered `null`. */
export function found<T>(value: T | null | undefined, message?: string): T {
  if (value === null || value === undefined) throw notFound(message);
  return value;
}
