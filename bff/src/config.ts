import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, for default data, cache and static folders. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** An on/off setting: `true`/`false`/`1`/`0`/`yes`/`no`, empty meaning the default. */
function flag(defaultValue: boolean) {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? defaultValue : ['true', '1', 'yes'].includes(v)));
}

function int(defaultValue: number, min: number, max: number) {
  return z.coerce.number().int().min(min).max(max).default(defaultValue);
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: int(3000, 0, 65535),
    TRUST_PROXY: flag(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    MONGODB_URI: optionalText.pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DB_NAME: z
      .string()
      .regex(/^[\w-]{1,38}$/)
      .default('bianmin'),
    DB_TIMEOUT_MS: int(3000, 200, 60_000),
    DATA_DIR: z.string().default(path.join(projectRoot, '.data')),
    CACHE_DIR: z.string().default(path.join(projectRoot, '.cache')),
    EMBEDDED_DB_PORT: int(0, 0, 65535),

    JWT_SECRET: optionalText.pipe(z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional()),
    SESSION_TTL_MINUTES: int(120, 1, 60 * 24 * 30),
    STAFF_SESSION_TTL_MINUTES: int(600, 1, 60 * 24),
    SESSION_SWEEP_MINUTES: int(10, 1, 24 * 60),

    DEV_LOGIN_ENABLED: flag(false),
    SEED_DEMO: flag(false),

    WECHAT_APPID: optionalText,
    WECHAT_APP_SECRET: optionalText,
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),

    BODY_LIMIT_KB: int(64, 1, 10_240),
    LOGIN_RATE_LIMIT_PER_MINUTE: int(10, 1, 100_000),
    STATIC_DIR: optionalText,
    // @billing-env
    // @outlets-env
    // @help-env
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.DEV_LOGIN_ENABLED)
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_LOGIN_ENABLED'],
        message: 'dev login cannot be enabled in production',
      });
    if (env.SEED_DEMO)
      ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'the demo seed never runs in production' });
    if (!env.JWT_SECRET)
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET is required in production' });
    if (!env.MONGODB_URI)
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URI'], message: 'production needs MONGODB_URI (a replica set)' });
  });

/** The parsed settings, in the shape the code uses. */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  trustProxy: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  db: {
    uri: string | undefined;
    name: string;
    timeoutMs: number;
    dataDir: string;
    cacheDir: string;
    embeddedPort: number;
  };
  auth: {
    /** Undefined outside production: the server then makes a secret of its own at start. */
    jwtSecret: string | undefined;
    sessionTtlMinutes: number;
    staffSessionTtlMinutes: number;
    sweepMinutes: number;
    devLoginEnabled: boolean;
    loginRateLimitPerMinute: number;
  };
  seedDemo: boolean;
  wechat: { appId: string | undefined; appSecret: string | undefined; apiBase: string };
  bodyLimitBytes: number;
  staticDir: string | undefined;
  // @billing-config
  // @outlets-config
  // @help-config
}

/** A setting that failed to parse; the server refuses to start and names each bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the settings once, from `env` (the process environment by default). Nothing else in
 * the BFF reads `process.env`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    db: {
      uri: e.MONGODB_URI,
      name: e.DB_NAME,
      timeoutMs: e.DB_TIMEOUT_MS,
      dataDir: path.resolve(e.DATA_DIR),
      cacheDir: path.resolve(e.CACHE_DIR),
      embeddedPort: e.EMBEDDED_DB_PORT,
    },
    auth: {
      jwtSecret: e.JWT_SECRET,
      sessionTtlMinutes: e.SESSION_TTL_MINUTES,
      staffSessionTtlMinutes: e.STAFF_SESSION_TTL_MINUTES,
      sweepMinutes: e.SESSION_SWEEP_MINUTES,
      devLoginEnabled: e.DEV_LOGIN_ENABLED,
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    seedDemo: e.SEED_DEMO,
    wechat: { appId: e.WECHAT_APPID, appSecret: e.WECHAT_APP_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/+$/, '') },
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    staticDir: e.STATIC_DIR ? path.resolve(e.STATIC_DIR) : undefined,
    // @billing-load
    // @outlets-load
    // @help-load
  };
}
