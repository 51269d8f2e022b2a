import Router from '@koa/router';
import Koa from 'koa';
import { endpoints, type Endpoint } from '@bianmin/shared';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { createModels, type Models } from './db/models';
import { authRoutes } from './features/auth/routes';
import { outboxRoutes } from './features/outbox/routes';
import { createAuthService, type AuthService } from './features/auth/service';
import { createLive } from './lib/events/live';
import { createStaffLoginGuard } from './features/auth/staffLogin';
import { healthRoutes } from './features/health/routes';
import { openApiRoutes } from './features/openapi/routes';
import { userRoutes } from './features/users/routes';
import { createUserService } from './features/users/service';
import { jsonBody } from './http/body';
import { methodOverride } from './http/methodOverride';
import { errorHandler } from './http/errors';
import { rateLimit } from './http/rateLimit';
import { requestContext } from './http/requestContext';
import { createRouteMounter, type AppRouter } from './http/route';
import { securityHeaders } from './http/security';
import type { AppState } from './http/state';
import { serveH5 } from './http/static';
import { systemClock, type Clock } from './lib/clock';
import { createLimits, type Limits } from './lib/limits';
import type { Logger } from './lib/logger';
import { createTokenSigner } from './lib/tokens';
import { createWechatClient, type WechatClient } from './lib/wechat';
import { accountRoutes } from './features/accounts/routes';
import { createAccountService, type AccountService } from './features/accounts/service';
import { createBuiltinBillingAdapter } from './features/bills/adapter';
import { billRoutes } from './features/bills/routes';
import { familyRoutes } from './features/family/routes';
import { createFamilyService, type FamilyService } from './features/family/service';
import { createNotificationFeature, type NotificationFeature } from './features/notifications/feature';
import { notificationRoutes } from './features/notifications/routes';
import type { WechatMessenger } from './lib/wechat-message';
import { paymentRoutes } from './features/payments/routes';
import {
  createPaymentService,
  paymentProviders,
  type PaymentProviders,
  type PaymentService,
} from './features/payments/service';
import { providersFromConfig } from './lib/wechatpay';
// @billing-import
import { outletRoutes } from './features/outlets/routes';
import { createOutletService, type OutletService } from './features/outlets/service';
// @outlets-import
import { createHelpFeature, helpRoutes, type HelpFeature } from './features/help/feature';
// @help-import
import { createWorkOrderFeature, workOrderRoutes, type WorkOrderFeature } from './features/workorders/feature';
import { serverTiming } from './http/timing';
// @workorders-import
import { caseRoutes } from './features/cases/routes';
import { createCaseService } from './features/cases/service';
import { createFollowupFeature, type FollowupFeature } from './features/followups/feature';
import { followupRoutes } from './features/followups/routes';

/** The upload endpoints' paths: their bodies are files, read by their routes, not parsed as JSON. */
const uploadPaths = Object.values(endpoints as Record<string, Endpoint>).flatMap((e) => (e.upload ? [e.path] : []));

export interface AppDeps {
  config: Config;
  conn: Connection;
  logger: Logger;
  /** The JWT signing secret (the config's, or one the server made for development). */
  jwtSecret: string;
  clock?: Clock;
  wechat?: WechatClient;
  /** Payment providers instead of the ones the settings make (tests: a stand-in WeChat Pay). */
  payProviders?: PaymentProviders;
  /** Sends WeChat subscription messages instead of the client the settings make. */
  messenger?: WechatMessenger;
  // @billing-deps
  // @outlets-deps
  /** Stands in for `fetch` in webhook deliveries (tests). */
  helpFetch?: typeof fetch;
  // @help-deps
}

export interface BuiltApp {
  app: Koa<AppState>;
  models: Models;
  services: {
    auth: AuthService;
    accounts: AccountService;
    family: FamilyService;
    payments: PaymentService;
    // @billing-services-type
    outlets: OutletService;
    // @outlets-services-type
    help: HelpFeature;
    // @help-services-type
    workorders: WorkOrderFeature;
    // @workorders-services-type
    followups: FollowupFeature;
    notifications: NotificationFeature;
    /** Request limits kept in the database (lib/limits.ts); swept by the server. */
    limits: Limits;
  };
}

/** Builds the Koa application without listening: the server and the tests both start here. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, conn, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const models = createModels(conn);
  const limits = createLimits({ models, clock });
  const wechat = deps.wechat ?? createWechatClient(config.wechat);
  const users = createUserService({ models });
  const live = createLive({
    models,
    clock,
    logger,
    pollMs: config.help.eventsPollMs,
    copiesStaleMs: config.auth.copiesStaleMs,
  });
  const auth = createAuthService({
    models,
    clock,
    users,
    wechat,
    copies: live.copies,
    limits,
    signer: createTokenSigner(deps.jwtSecret),
    settings: config.auth,
  });
  const notifications = createNotificationFeature({
    models,
    clock,
    config,
    logger,
    ...(deps.messenger ? { messenger: deps.messenger } : {}),
  });
  const billingAdapter = createBuiltinBillingAdapter(models);
  const accounts = createAccountService({
    models,
    adapter: billingAdapter,
    clock,
    limits,
    copies: live.copies,
    settings: config.billing,
  });
  const family = createFamilyService({
    models,
    adapter: billingAdapter,
    accounts,
    clock,
    limits,
    settings: config.billing,
    notify: notifications.notifyAll,
  });
  const configured = deps.payProviders ? null : providersFromConfig(config.billing, clock);
  const payments = createPaymentService({
    models,
    adapter: billingAdapter,
    accounts,
    clock,
    logger,
    providers: deps.payProviders ?? paymentProviders(configured?.wechat ?? null, configured?.sandbox ?? null),
    limits,
    settings: config.billing,
  });
  // @billing-create
  const outlets = createOutletService({ models, clock, cacheMs: config.outlets.cacheMs });
  // @outlets-create
  const followups = createFollowupFeature({
    models,
    clock,
    config,
    // the complaint desk is the work orders' (built below; called only once requests come)
    openComplaint: async (followupId, by, complaint) => {
      const order = await workorders.creation.fromFollowup(followupId, { kind: 'followup', ...by }, complaint);
      return { id: String(order._id), no: order.no };
    },
  });
  const help = createHelpFeature({
    models,
    clock,
    config,
    logger,
    limits,
    live,
    sessionAlive: (sessionId) => auth.sessionAlive(sessionId),
    onResolved: (doc) => followups.intake.fromHelp(doc),
    onAgentMessage: (doc, text, agentName) => notifications.helpAnswered(doc, text, agentName),
    ...(deps.helpFetch ? { fetch: deps.helpFetch } : {}),
  });
  // @help-create
  const workorders = createWorkOrderFeature({
    models,
    clock,
    config,
    limits,
    live: help.live,
    outbox: help.outbox,
    onChecked: (order) => followups.intake.fromOrder(order),
    onStep: (step, order) => notifications.workOrderStep(step, order),
    onNotice: (notice) => notifications.outage(notice),
  });
  // @workorders-create

  const app = new Koa<AppState>({ proxy: config.trustProxy });
  app.silent = true; // errors are logged once, by the error middleware

  const minute = 60_000;
  const loginLimit = rateLimit({
    name: 'login',
    max: config.auth.loginRateLimitPerMinute,
    windowMs: minute,
    limits,
    keys: (ctx) => [ctx.ip],
  });
  // per address only: a username is held up by its wrong passwords instead (staffLogin.ts), so
  // nobody can lock a staff member out of her own login
  const staffLoginLimit = rateLimit({
    name: 'staff-login',
    max: config.auth.loginRateLimitPerMinute,
    windowMs: minute,
    limits,
    keys: (ctx) => [ctx.ip],
  });
  const staffLogin = createStaffLoginGuard({ models, clock, limits, settings: config.auth.staffLogin });

  const mount = createRouteMounter(auth);
  const router: AppRouter = new Router<AppState>();
  healthRoutes(router, mount, { conn });
  openApiRoutes(router);
  authRoutes(router, mount, { auth, loginLimit, staffLoginLimit, staffLogin });
  userRoutes(router, mount, { users });
  accountRoutes(router, mount, { accounts });
  billRoutes(router, mount, { accounts, payments });
  paymentRoutes(router, mount, { payments });
  familyRoutes(router, mount, {
    family,
    lookupLimit: rateLimit({
      name: 'payer-lookup',
      max: config.billing.payerLookupPerMinute,
      windowMs: minute,
      limits,
      keys: (ctx) => [ctx.state.auth?.subjectId],
      message: '查询太频繁了，请过一分钟再查。',
    }),
  });
  // @billing-mount
  outletRoutes(router, mount, { outlets });
  // @outlets-mount
  helpRoutes(router, mount, help);
  outboxRoutes(router, mount, { outbox: help.outbox });
  // @help-mount
  workOrderRoutes(router, mount, workorders, limits);
  // @workorders-mount
  followupRoutes(router, mount, followups);
  notificationRoutes(router, mount, notifications);
  caseRoutes(router, mount, { cases: createCaseService({ models, clock }), models });

  app.use(requestContext(logger));
  app.use(serverTiming(config.serverTiming));
  app.use(errorHandler());
  app.use(securityHeaders());
  if (config.staticDir) app.use(serveH5(config.staticDir));
  app.use(jsonBody({ limit: config.bodyLimitBytes, rawPaths: uploadPaths }));
  app.use(methodOverride());
  app.use(router.routes());

  return {
    app,
    models,
    services: {
      auth,
      accounts,
      family,
      payments,
      // @billing-services
      outlets,
      // @outlets-services
      help,
      // @help-services
      workorders,
      // @workorders-services
      followups,
      notifications,
      limits,
    },
  };
}
