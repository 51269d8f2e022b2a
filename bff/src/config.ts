import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseNumbers, parseUtilityNumbers } from './lib/emergency';
import {
  billTemplates,
  parseTemplates,
  templatesProblem,
  type SubscribeTemplate,
} from './features/notifications/templates';
import { DEFAULT_SHARES, sharesProblem, type FollowupShares } from './features/followups/sampling';
import {
  followupBusinessValues,
  workOrderPriorityValues,
  workOrderTypeValues,
  type WorkOrderPriority,
  type WorkOrderType,
  type EmergencySettings,
  type NotificationReason,
} from '@bianmin/shared';

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
    EMBEDDED_DB_BACKEND: z.enum(['auto', 'sqlite', 'postgresql']).default('auto'),

    JWT_SECRET: optionalText.pipe(z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional()),
    SESSION_TTL_MINUTES: int(120, 1, 60 * 24 * 30),
    STAFF_SESSION_TTL_MINUTES: int(600, 1, 60 * 24),
    SESSION_SWEEP_MINUTES: int(10, 1, 24 * 60),
    /** Background work runs on one instance at a time, leading by slots this long (lib/runner.ts). */
    BACKGROUND_SLOT_SECONDS: int(3, 1, 60),
    BACKGROUND_SLOW_MS: int(1000, 1, 600_000),

    DEV_LOGIN_ENABLED: flag(false),
    SEED_DEMO: flag(false),
    /** With the demo seed: a year of help and work-order history for the supervisor's charts. */
    SEED_DEMO_HISTORY: flag(true),

    WECHAT_APPID: optionalText,
    WECHAT_APP_SECRET: optionalText,
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    /** Subscription-message templates per reason (features/notifications/templates.ts); none: in-app only. */
    WECHAT_SUBSCRIBE_TEMPLATES_JSON: optionalText.pipe(
      z
        .string()
        .transform((text, ctx) => {
          try {
            return parseTemplates(JSON.parse(text));
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: `WECHAT_SUBSCRIBE_TEMPLATES_JSON: ${templatesProblem(err)}` });
            return z.NEVER;
          }
        })
        .optional(),
    ),
    /** Which version of the mini-program a message opens: formal, trial or developer. */
    WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
    NOTIFY_INTERVAL_MS: int(5000, 50, 600_000),
    NOTIFY_BACKOFF_SECONDS: int(30, 1, 3600),
    NOTIFY_MAX_BACKOFF_SECONDS: int(3600, 1, 86_400),
    NOTIFY_MAX_ATTEMPTS: int(5, 1, 100),
    NOTIFY_TIMEOUT_MS: int(5000, 100, 60_000),
    NOTIFY_RETENTION_DAYS: int(180, 1, 3650),

    BODY_LIMIT_KB: int(64, 1, 10_240),
    SERVER_TIMING: flag(false),
    // logins per client address: high, since a care home's Wi-Fi, a call centre or a carrier's
    // shared address puts many people behind one; each resident is limited on her own below
    LOGIN_RATE_LIMIT_PER_MINUTE: int(300, 1, 100_000),
    LOGIN_PER_RESIDENT_PER_MINUTE: int(10, 1, 100_000),
    STAFF_LOGIN_FREE_FAILURES: int(5, 1, 1000),
    STAFF_LOGIN_MAX_DELAY_SECONDS: int(900, 1, 86_400),
    STAFF_LOGIN_WINDOW_MINUTES: int(60, 1, 24 * 60),
    STAFF_LOGIN_NEW_ADDRESS_CAP: int(30, 1, 100_000),
    STREAM_SESSION_CHECK_MS: int(3000, 20, 600_000),
    COPIES_STALE_MS: int(1000, 50, 60_000),
    STATIC_DIR: optionalText,
    PAYER_LOOKUP_PER_MINUTE: int(10, 1, 10_000),
    PAYER_LOOKUP_GRANT_MINUTES: int(30, 1, 24 * 60),
    PAYER_LOOKUP_PER_VALUE_PER_HOUR: int(10, 1, 100_000),
    PAYER_LOOKUP_PER_ALIKE_PER_HOUR: int(20, 1, 100_000),
    PAYER_LOOKUP_PER_ACCOUNT_PER_HOUR: int(20, 1, 100_000),
    BIND_PER_RESIDENT_PER_HOUR: int(20, 1, 100_000),
    BIND_WRONG_PROOFS_PER_ACCOUNT_PER_HOUR: int(5, 1, 100_000),
    BIND_WRONG_PROOFS_PER_RESIDENT_PER_HOUR: int(10, 1, 100_000),
    PAYMENT_PENDING_MINUTES: int(15, 1, 24 * 60),
    PAYMENT_BEHALF_HOLD_MINUTES: int(10, 1, 24 * 60),
    PAYMENT_BEHALF_HOLDS_PER_DAY: int(5, 1, 1_000),
    PAYMENT_SWEEP_SECONDS: int(60, 5, 24 * 3600),
    REMINDER_DUE_DAYS: int(7, 0, 60),
    /** How often the reminders job writes the due reminders of every resident as messages. */
    REMINDER_SWEEP_MINUTES: int(60, 1, 24 * 60),
    REMINDER_LOW_BALANCE_FEN: int(2000, 0, 1_000_000_000),
    REMINDER_SUBSCRIBE_TEMPLATE_ID: optionalText,
    PAY_SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),
    WECHATPAY_MCHID: optionalText,
    WECHATPAY_APPID: optionalText,
    WECHATPAY_MERCHANT_SERIAL: optionalText,
    WECHATPAY_PRIVATE_KEY_FILE: optionalText,
    WECHATPAY_API_V3_KEY: optionalText.pipe(
      z.string().length(32, 'WECHATPAY_API_V3_KEY must be 32 characters').optional(),
    ),
    WECHATPAY_PUBLIC_KEY_ID: optionalText.pipe(z.string().startsWith('PUB_KEY_ID_').optional()),
    WECHATPAY_PUBLIC_KEY_FILE: optionalText,
    WECHATPAY_PLATFORM_CERT_FILES: optionalText,
    WECHATPAY_API_BASE: z.url().default('https://api.mch.weixin.qq.com'),
    WECHATPAY_NOTIFY_URL: optionalText.pipe(z.url().optional()),
    // @billing-env
    OUTLETS_CACHE_MS: int(5000, 0, 3_600_000),
    // @outlets-env
    HELP_GRID_WAIT_SECONDS: int(30, 0, 86_400),
    HELP_ELDER_CALLBACK_SECONDS: int(60, 1, 86_400),
    HELP_SLA_JSON: optionalText.pipe(
      z
        .string()
        .transform((text, ctx) => {
          try {
            return z
              .record(
                z.string(),
                z.strictObject({
                  firstResponse: z.number().int().positive().optional(),
                  resolution: z.number().int().positive().optional(),
                }),
              )
              .parse(JSON.parse(text));
          } catch {
            ctx.addIssue({
              code: 'custom',
              message:
                'HELP_SLA_JSON must be {"<priority|category|category.priority>": {"firstResponse"?: s, "resolution"?: s}}',
            });
            return z.NEVER;
          }
        })
        .optional(),
    ),
    HELP_CREATE_LIMIT_PER_MINUTE: int(5, 1, 10_000),
    HELP_MESSAGE_LIMIT_PER_MINUTE: int(20, 1, 10_000),
    HELP_MESSAGES_PER_REQUEST: int(200, 1, 10_000),
    HELP_VOICE_MAX_KB: int(1024, 16, 10_240),
    HELP_SECONDS_PER_QUEUE_POSITION: int(60, 1, 3600),
    HELP_AUTO_CLOSE_HOURS: int(72, 1, 24 * 365),
    HELP_TICK_MS: int(1000, 50, 600_000),
    HELP_EVENTS_POLL_MS: int(200, 20, 10_000),
    HELP_SSE_HEARTBEAT_SECONDS: int(15, 1, 300),
    HELP_PRESENCE_WINDOW_SECONDS: int(60, 5, 3600),
    HELP_PRESENCE_REFRESH_MS: int(15_000, 20, 600_000),
    HELP_AGENT_STREAM_MAX_SECONDS: int(120, 1, 86_400),
    HELP_ABSENT_RETURN_SECONDS: int(180, 5, 86_400),
    HELP_EMERGENCY_NUMBERS: z.string().default('火警:119,报警:110'),
    HELP_UTILITY_EMERGENCY_NUMBERS: z.string().default('power:供电抢修:95598,water:供水抢修:96116,gas:燃气抢修:96777'),
    HELP_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
    HELP_WEBHOOK_SECRET: optionalText,
    HELP_WEBHOOK_BACKOFF_SECONDS: int(2, 1, 3600),
    HELP_WEBHOOK_MAX_BACKOFF_SECONDS: int(600, 1, 86_400),
    HELP_WEBHOOK_LEASE_SECONDS: int(30, 1, 3600),
    HELP_WEBHOOK_TIMEOUT_MS: int(5000, 100, 60_000),
    HELP_WEBHOOK_INTERVAL_MS: int(1000, 50, 600_000),
    /** Attempts before a message is given up as failed for good (kept, listed for supervisors). */
    HELP_WEBHOOK_MAX_ATTEMPTS: int(30, 1, 1000),
    /** Delivered messages are kept this many days, failed ones ten times as long. */
    HELP_WEBHOOK_RETENTION_DAYS: int(7, 1, 3650),
    // @help-env
    FOLLOWUP_WINDOW_DAYS: int(14, 1, 90),
    FOLLOWUP_SHARES_JSON: optionalText.pipe(
      z
        .string()
        .transform((text, ctx) => {
          try {
            const shares = z
              .partialRecord(z.enum([...followupBusinessValues, 'default']), z.number())
              .parse(JSON.parse(text));
            const problem = sharesProblem(shares);
            if (!problem) return shares;
            ctx.addIssue({ code: 'custom', message: `FOLLOWUP_SHARES_JSON: ${problem}` });
          } catch {
            ctx.addIssue({
              code: 'custom',
              message: 'FOLLOWUP_SHARES_JSON must be {"<business type>|default": share 0..1}',
            });
          }
          return z.NEVER;
        })
        .optional(),
    ),
    // @followups-env
    WORKORDER_SLA_JSON: optionalText.pipe(
      z
        .string()
        .transform((text, ctx) => {
          try {
            return z
              .partialRecord(
                z.enum(workOrderTypeValues),
                z.strictObject({
                  priority: z.enum(workOrderPriorityValues).optional(),
                  contact: z.number().int().positive().optional(),
                  arrival: z.number().int().positive().optional(),
                  completion: z.number().int().positive().optional(),
                }),
              )
              .parse(JSON.parse(text));
          } catch {
            ctx.addIssue({
              code: 'custom',
              message:
                'WORKORDER_SLA_JSON must be {"<type>": {"priority"?: "emergency|high|normal", "contact"?: s, "arrival"?: s, "completion"?: s}}',
            });
            return z.NEVER;
          }
        })
        .optional(),
    ),
    WORKORDER_SUPERVISOR_AFTER_PERCENT: int(50, 0, 1000),
    WORKORDER_TICK_MS: int(5000, 50, 600_000),
    WORKORDER_PHOTO_MAX_KB: int(2048, 16, 20_480),
    WORKORDER_PHOTOS_PER_HOUR: int(60, 1, 10_000),
    WORKORDER_CREATE_PER_HOUR: int(10, 1, 10_000),
    WORKORDER_SLOT_CAPACITY: int(4, 1, 1000),
    WORKORDER_SLOT_DAYS: int(7, 1, 60),
    WORKORDER_RATING_DAYS: int(7, 1, 365),
    WORKORDER_INCIDENT_REPORTS: int(20, 2, 100_000),
    WORKORDER_INCIDENT_MINUTES: int(30, 1, 24 * 60),
    // @workorders-env
  })
  .superRefine((env, ctx) => {
    if (env.HELP_PRESENCE_REFRESH_MS >= env.HELP_PRESENCE_WINDOW_SECONDS * 1000)
      ctx.addIssue({
        code: 'custom',
        path: ['HELP_PRESENCE_REFRESH_MS'],
        message: 'must be shorter than HELP_PRESENCE_WINDOW_SECONDS, or an open stream would let presence lapse',
      });
    if (env.HELP_ABSENT_RETURN_SECONDS < env.HELP_PRESENCE_WINDOW_SECONDS)
      ctx.addIssue({
        code: 'custom',
        path: ['HELP_ABSENT_RETURN_SECONDS'],
        message: 'cannot be shorter than HELP_PRESENCE_WINDOW_SECONDS (work returns only from an agent who is gone)',
      });
    if (
      (env.WECHAT_SUBSCRIBE_TEMPLATES_JSON || env.REMINDER_SUBSCRIBE_TEMPLATE_ID) &&
      !(env.WECHAT_APPID && env.WECHAT_APP_SECRET)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_SUBSCRIBE_TEMPLATES_JSON'],
        message: 'subscription messages need WECHAT_APPID and WECHAT_APP_SECRET (the access_token is theirs)',
      });
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
    /** FerretDB's storage when it is the embedded database: SQLite, or the system's PostgreSQL for large data. */
    /** `auto`: PostgreSQL when installed, else SQLite (db/embedded.ts `chooseBackend`). */
    embeddedBackend: 'auto' | 'sqlite' | 'postgresql';
  };
  /** The one-instance runner of background work: a dead leader is replaced within two slots. */
  background: {
    slotMs: number;
    /** A job that takes longer is logged (warn) with its time: every request waits behind it. */
    slowMs: number;
  };
  auth: {
    /** Undefined outside production: the server then makes a secret of its own at start. */
    jwtSecret: string | undefined;
    sessionTtlMinutes: number;
    staffSessionTtlMinutes: number;
    sweepMinutes: number;
    devLoginEnabled: boolean;
    /** Logins (resident and staff) per client address and minute. */
    loginRateLimitPerMinute: number;
    /** Logins per resident (her WeChat openid, known once the code is exchanged) and minute. */
    loginPerResidentPerMinute: number;
    /** How often an open live stream checks that its session still stands (logout, expiry). */
    streamCheckMs: number;
    /**
     * Sessions and account links are served from this instance's copies only while its event
     * poller has read everything older than this; a logout or an unbinding waits it out before
     * it answers (lib/events/copies.ts). Must be well above HELP_EVENTS_POLL_MS.
     */
    copiesStaleMs: number;
    /** Staff logins: failures per username before each further try waits, doubling up to `maxDelaySeconds`. */
    staffLogin: { freeFailures: number; maxDelaySeconds: number; windowMs: number; newAddressCap: number };
  };
  seedDemo: boolean;
  seedDemoHistory: boolean;
  wechat: { appId: string | undefined; appSecret: string | undefined; apiBase: string };
  /** The in-app messages (消息) and their WeChat subscription messages. */
  notifications: {
    /** The template of each reason that has one; empty: in-app only. */
    templates: Partial<Record<NotificationReason, SubscribeTemplate>>;
    miniprogramState: 'formal' | 'trial' | 'developer';
    intervalMs: number;
    backoffSeconds: number;
    maxBackoffSeconds: number;
    maxAttempts: number;
    timeoutMs: number;
    /** Messages (and the acceptances they used) are kept this many days. */
    retentionDays: number;
  };
  bodyLimitBytes: number;
  /** Answers carry a `Server-Timing` header of their stages (the benchmark's breakdown). */
  serverTiming: boolean;
  staticDir: string | undefined;
  /** Bills, payments, 代缴 lookups and family reminders. */
  billing: {
    payerLookupPerMinute: number;
    lookupGrantMinutes: number;
    /** Lookups by ID or phone per hour, from all residents together (family/lookup.ts). */
    lookupLimits: { perValuePerHour: number; perAlikePerHour: number; perAccountPerHour: number };
    /** Binds per resident, and wrong proofs of holdership per account and per resident, per hour. */
    bindLimits: { perResidentPerHour: number; wrongPerAccountPerHour: number; wrongPerResidentPerHour: number };
    pendingMinutes: number;
    /** How long an on-behalf payment (代缴) holds its bills: a fixed time, never renewed. */
    behalfHoldMinutes: number;
    /** How many on-behalf payments one payer may open for one bill in a day. */
    behalfHoldsPerDay: number;
    sweepSeconds: number;
    reminderDueDays: number;
    /** How often every resident's due reminders are written as messages (消息). */
    reminderSweepMinutes: number;
    lowBalanceFen: number;
    /** The sandbox provider takes payments (development and tests; never in production). */
    sandbox: boolean;
    /** The WeChat Pay merchant, when one is configured. */
    wechatPay:
      | {
          mchId: string;
          appId: string;
          serialNo: string;
          privateKeyFile: string;
          apiV3Key: string;
          publicKeyId: string | undefined;
          publicKeyFile: string | undefined;
          platformCertFiles: string[];
          apiBase: string;
          notifyUrl: string;
        }
      | undefined;
  };
  // @billing-config
  outlets: {
    /** How long the in-memory copy of the outlets serves lists before it is read again (0: never kept). */
    cacheMs: number;
  };
  // @outlets-config
  help: {
    gridWaitSeconds: number;
    elderCallbackSeconds: number;
    /** SLA seconds by `priority`, `category` or `category.priority` (most specific wins). */
    slaOverrides: Record<string, { firstResponse?: number | undefined; resolution?: number | undefined }>;
    createLimitPerMinute: number;
    /** Messages one resident may send per minute, over all her requests. */
    messageLimitPerMinute: number;
    /** Messages a resident may leave on one request. */
    messagesPerRequest: number;
    /** The largest voice message (语音留言) a resident may send, in bytes. */
    voiceMaxBytes: number;
    secondsPerQueuePosition: number;
    autoCloseHours: number;
    tickMs: number;
    eventsPollMs: number;
    sseHeartbeatSeconds: number;
    /** An agent is connected while her workbench showed itself within this window (agents/presence.ts). */
    presenceWindowMs: number;
    /** How often an open agent stream marks her as seen. */
    presenceRefreshMs: number;
    /** An agent stream is ended after this long (the client resumes): a dead connection cannot keep her present. */
    agentStreamMaxMs: number;
    /** Work held by an agent not seen for this long returns to the queue. */
    absentReturnMs: number;
    /** Who to call first in danger: general numbers and each utility's repair line (lib/emergency.ts). */
    emergency: EmergencySettings;
    webhook: {
      url: string | undefined;
      secret: string | undefined;
      backoffSeconds: number;
      maxBackoffSeconds: number;
      leaseSeconds: number;
      timeoutMs: number;
      intervalMs: number;
      maxAttempts: number;
      retentionDays: number;
    };
  };
  // @help-config
  followups: {
    /** A service is followed up within this many days. */
    windowMs: number;
    /** The share sampled per business type (sampling.ts), the defaults under the settings. */
    shares: FollowupShares;
  };
  workorders: {
    /** Priority and time limits (seconds) by order type, over the defaults in code. */
    slaOverrides: Partial<
      Record<
        WorkOrderType,
        {
          priority?: WorkOrderPriority | undefined;
          contact?: number | undefined;
          arrival?: number | undefined;
          completion?: number | undefined;
        }
      >
    >;
    /** A passed limit goes on to the supervisors after this share of the limit more (percent). */
    supervisorAfterPercent: number;
    tickMs: number;
    photoMaxBytes: number;
    photosPerHour: number;
    createPerHour: number;
    /** Visits booked per unit and half day. */
    slotCapacity: number;
    /** How many days ahead a visit can be booked. */
    slotDays: number;
    /** Checked orders the resident did not rate close after this many days. */
    ratingDays: number;
    /** Outage reports in one district within `incidentMinutes` that make one incident. */
    incidentReports: number;
    incidentMinutes: number;
  };
  // @workorders-config
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
      embeddedBackend: e.EMBEDDED_DB_BACKEND,
    },
    background: { slotMs: e.BACKGROUND_SLOT_SECONDS * 1000, slowMs: e.BACKGROUND_SLOW_MS },
    auth: {
      jwtSecret: e.JWT_SECRET,
      sessionTtlMinutes: e.SESSION_TTL_MINUTES,
      staffSessionTtlMinutes: e.STAFF_SESSION_TTL_MINUTES,
      sweepMinutes: e.SESSION_SWEEP_MINUTES,
      devLoginEnabled: e.DEV_LOGIN_ENABLED,
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      loginPerResidentPerMinute: e.LOGIN_PER_RESIDENT_PER_MINUTE,
      streamCheckMs: e.STREAM_SESSION_CHECK_MS,
      copiesStaleMs: e.COPIES_STALE_MS,
      staffLogin: {
        freeFailures: e.STAFF_LOGIN_FREE_FAILURES,
        maxDelaySeconds: e.STAFF_LOGIN_MAX_DELAY_SECONDS,
        windowMs: e.STAFF_LOGIN_WINDOW_MINUTES * 60_000,
        newAddressCap: e.STAFF_LOGIN_NEW_ADDRESS_CAP,
      },
    },
    seedDemo: e.SEED_DEMO,
    seedDemoHistory: e.SEED_DEMO_HISTORY,
    wechat: { appId: e.WECHAT_APPID, appSecret: e.WECHAT_APP_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/+$/, '') },
    notifications: {
      templates: {
        // the older single template keeps serving the bill reminders it was for
        ...(e.REMINDER_SUBSCRIBE_TEMPLATE_ID ? billTemplates(e.REMINDER_SUBSCRIBE_TEMPLATE_ID) : {}),
        ...e.WECHAT_SUBSCRIBE_TEMPLATES_JSON,
      },
      miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
      intervalMs: e.NOTIFY_INTERVAL_MS,
      backoffSeconds: e.NOTIFY_BACKOFF_SECONDS,
      maxBackoffSeconds: e.NOTIFY_MAX_BACKOFF_SECONDS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
      retentionDays: e.NOTIFY_RETENTION_DAYS,
    },
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    serverTiming: e.SERVER_TIMING,
    staticDir: e.STATIC_DIR ? path.resolve(e.STATIC_DIR) : undefined,
    billing: ((): Config['billing'] => {
      const merchant = e.WECHATPAY_MCHID;
      const missing = merchant
        ? (
            [
              ['WECHATPAY_APPID or WECHAT_APPID', e.WECHATPAY_APPID ?? e.WECHAT_APPID],
              ['WECHATPAY_MERCHANT_SERIAL', e.WECHATPAY_MERCHANT_SERIAL],
              ['WECHATPAY_PRIVATE_KEY_FILE', e.WECHATPAY_PRIVATE_KEY_FILE],
              ['WECHATPAY_API_V3_KEY', e.WECHATPAY_API_V3_KEY],
              ['WECHATPAY_NOTIFY_URL', e.WECHATPAY_NOTIFY_URL],
              [
                'WECHATPAY_PUBLIC_KEY_ID with WECHATPAY_PUBLIC_KEY_FILE, or WECHATPAY_PLATFORM_CERT_FILES',
                (e.WECHATPAY_PUBLIC_KEY_ID && e.WECHATPAY_PUBLIC_KEY_FILE) || e.WECHATPAY_PLATFORM_CERT_FILES,
              ],
            ] as const
          ).filter(([, value]) => !value)
        : [];
      const problems = missing.map(([name]) => `${name}: required when WECHATPAY_MCHID is set`);
      const sandbox = e.PAY_SANDBOX === 'on' || (e.PAY_SANDBOX === 'auto' && !merchant && e.NODE_ENV !== 'production');
      if (sandbox && e.NODE_ENV === 'production')
        problems.push('PAY_SANDBOX: the sandbox never takes payments in production');
      if (problems.length > 0) throw new ConfigError(problems);
      return {
        payerLookupPerMinute: e.PAYER_LOOKUP_PER_MINUTE,
        lookupGrantMinutes: e.PAYER_LOOKUP_GRANT_MINUTES,
        lookupLimits: {
          perValuePerHour: e.PAYER_LOOKUP_PER_VALUE_PER_HOUR,
          perAlikePerHour: e.PAYER_LOOKUP_PER_ALIKE_PER_HOUR,
          perAccountPerHour: e.PAYER_LOOKUP_PER_ACCOUNT_PER_HOUR,
        },
        bindLimits: {
          perResidentPerHour: e.BIND_PER_RESIDENT_PER_HOUR,
          wrongPerAccountPerHour: e.BIND_WRONG_PROOFS_PER_ACCOUNT_PER_HOUR,
          wrongPerResidentPerHour: e.BIND_WRONG_PROOFS_PER_RESIDENT_PER_HOUR,
        },
        pendingMinutes: e.PAYMENT_PENDING_MINUTES,
        behalfHoldMinutes: e.PAYMENT_BEHALF_HOLD_MINUTES,
        behalfHoldsPerDay: e.PAYMENT_BEHALF_HOLDS_PER_DAY,
        sweepSeconds: e.PAYMENT_SWEEP_SECONDS,
        reminderDueDays: e.REMINDER_DUE_DAYS,
        reminderSweepMinutes: e.REMINDER_SWEEP_MINUTES,
        lowBalanceFen: e.REMINDER_LOW_BALANCE_FEN,
        sandbox,
        wechatPay: merchant
          ? {
              mchId: merchant,
              appId: e.WECHATPAY_APPID ?? e.WECHAT_APPID ?? '',
              serialNo: e.WECHATPAY_MERCHANT_SERIAL ?? '',
              privateKeyFile: path.resolve(e.WECHATPAY_PRIVATE_KEY_FILE ?? ''),
              apiV3Key: e.WECHATPAY_API_V3_KEY ?? '',
              publicKeyId: e.WECHATPAY_PUBLIC_KEY_ID,
              publicKeyFile: e.WECHATPAY_PUBLIC_KEY_FILE ? path.resolve(e.WECHATPAY_PUBLIC_KEY_FILE) : undefined,
              platformCertFiles: (e.WECHATPAY_PLATFORM_CERT_FILES ?? '')
                .split(',')
                .map((f) => f.trim())
                .filter(Boolean)
                .map((f) => path.resolve(f)),
              apiBase: e.WECHATPAY_API_BASE.replace(/\/+$/, ''),
              notifyUrl: e.WECHATPAY_NOTIFY_URL ?? '',
            }
          : undefined,
      };
    })(),
    // @billing-load
    outlets: { cacheMs: e.OUTLETS_CACHE_MS },
    // @outlets-load
    help: {
      gridWaitSeconds: e.HELP_GRID_WAIT_SECONDS,
      elderCallbackSeconds: e.HELP_ELDER_CALLBACK_SECONDS,
      slaOverrides: e.HELP_SLA_JSON ?? {},
      createLimitPerMinute: e.HELP_CREATE_LIMIT_PER_MINUTE,
      messageLimitPerMinute: e.HELP_MESSAGE_LIMIT_PER_MINUTE,
      messagesPerRequest: e.HELP_MESSAGES_PER_REQUEST,
      voiceMaxBytes: e.HELP_VOICE_MAX_KB * 1024,
      secondsPerQueuePosition: e.HELP_SECONDS_PER_QUEUE_POSITION,
      autoCloseHours: e.HELP_AUTO_CLOSE_HOURS,
      tickMs: e.HELP_TICK_MS,
      eventsPollMs: e.HELP_EVENTS_POLL_MS,
      sseHeartbeatSeconds: e.HELP_SSE_HEARTBEAT_SECONDS,
      presenceWindowMs: e.HELP_PRESENCE_WINDOW_SECONDS * 1000,
      presenceRefreshMs: e.HELP_PRESENCE_REFRESH_MS,
      agentStreamMaxMs: e.HELP_AGENT_STREAM_MAX_SECONDS * 1000,
      absentReturnMs: e.HELP_ABSENT_RETURN_SECONDS * 1000,
      emergency: {
        general: parseNumbers(e.HELP_EMERGENCY_NUMBERS),
        byUtility: parseUtilityNumbers(e.HELP_UTILITY_EMERGENCY_NUMBERS),
      },
      webhook: {
        url: e.HELP_WEBHOOK_URL,
        secret: e.HELP_WEBHOOK_SECRET,
        backoffSeconds: e.HELP_WEBHOOK_BACKOFF_SECONDS,
        maxBackoffSeconds: e.HELP_WEBHOOK_MAX_BACKOFF_SECONDS,
        leaseSeconds: e.HELP_WEBHOOK_LEASE_SECONDS,
        timeoutMs: e.HELP_WEBHOOK_TIMEOUT_MS,
        intervalMs: e.HELP_WEBHOOK_INTERVAL_MS,
        maxAttempts: e.HELP_WEBHOOK_MAX_ATTEMPTS,
        retentionDays: e.HELP_WEBHOOK_RETENTION_DAYS,
      },
    },
    // @help-load
    followups: {
      windowMs: e.FOLLOWUP_WINDOW_DAYS * 24 * 3600_000,
      shares: { ...DEFAULT_SHARES, ...e.FOLLOWUP_SHARES_JSON },
    },
    workorders: {
      slaOverrides: e.WORKORDER_SLA_JSON ?? {},
      supervisorAfterPercent: e.WORKORDER_SUPERVISOR_AFTER_PERCENT,
      tickMs: e.WORKORDER_TICK_MS,
      photoMaxBytes: e.WORKORDER_PHOTO_MAX_KB * 1024,
      photosPerHour: e.WORKORDER_PHOTOS_PER_HOUR,
      createPerHour: e.WORKORDER_CREATE_PER_HOUR,
      slotCapacity: e.WORKORDER_SLOT_CAPACITY,
      slotDays: e.WORKORDER_SLOT_DAYS,
      ratingDays: e.WORKORDER_RATING_DAYS,
      incidentReports: e.WORKORDER_INCIDENT_REPORTS,
      incidentMinutes: e.WORKORDER_INCIDENT_MINUTES,
    },
    // @workorders-load
  };
}
