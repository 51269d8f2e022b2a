import type { Clock } from '../lib/clock';
import { AppError } from './errors';
import type { AppContext, AppMiddleware } from './state';

interface Window {
  startedAt: number;
  count: number;
}

/** Counts hits per key in fixed windows, in memory. */
export function createWindowCounter(options: { windowMs: number; clock: Clock; maxKeys?: number }) {
  const windows = new Map<string, Window>();
  const maxKeys = options.maxKeys ?? 100_000;
  return {
    /** Counts one hit and answers how many this window holds and when it ends. */
    hit(key: string): { count: number; resetInMs: number } {
      const now = options.clock.now().getTime();
      let window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) {
        if (windows.size >= maxKeys) {
          // forget finished windows first; never grow without bound under a flood of keys
          for (const [k, w] of windows) if (now - w.startedAt >= options.windowMs) windows.delete(k);
          if (windows.size >= maxKeys) windows.clear();
        }
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return { count: window.count, resetInMs: window.startedAt + options.windowMs - now };
    },
  };
}

/**
 * Refuses a caller with 429 `RATE_LIMITED` and `Retry-After` after `max` requests per window.
 * `keys` names what is counted (the client address, a username, a user id); each is limited.
 */
export function rateLimit(options: {
  name: string;
  max: number;
  windowMs: number;
  clock: Clock;
  keys: (ctx: AppContext) => Array<string | undefined>;
  message?: string;
}): AppMiddleware {
  const counter = createWindowCounter({ windowMs: options.windowMs, clock: options.clock });
  return async function rateLimited(ctx, next) {
    for (const key of options.keys(ctx)) {
      if (!key) continue;
      const { count, resetInMs } = counter.hit(`${options.name}:${key}`);
      if (count > options.max) {
        throw new AppError('RATE_LIMITED', options.message, {
          retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
        });
      }
    }
    await next();
  };
}
