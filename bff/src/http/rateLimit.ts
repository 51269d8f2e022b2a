import { retryAfterSeconds, type Limits } from '../lib/limits';
import { AppError } from './errors';
import type { AppContext, AppMiddleware } from './state';

/**
 * Refuses a caller with 429 `RATE_LIMITED` and `Retry-After` after `max` requests per window.
 * `keys` names what is counted (the client address, a username, a user id); each is limited.
 * The counts live in the database (lib/limits.ts), so the limit holds across instances.
 */
export function rateLimit(options: {
  name: string;
  max: number;
  windowMs: number;
  limits: Limits;
  keys: (ctx: AppContext) => Array<string | undefined>;
  message?: string;
}): AppMiddleware {
  const rule = { max: options.max, windowMs: options.windowMs };
  return async function rateLimited(ctx, next) {
    for (const key of options.keys(ctx)) {
      if (!key) continue;
      const outcome = await options.limits.take(options.name, key, rule);
      if (!outcome.ok) {
        throw new AppError('RATE_LIMITED', options.message, {
          retryAfterSeconds: retryAfterSeconds(outcome),
        });
      }
    }
    await next();
  };
}
