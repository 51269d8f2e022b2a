import Router from '@koa/router';
import Koa from 'koa';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { createModels, type Models } from './db/models';
import { authRoutes } from './features/auth/routes';
import { createAuthService, type AuthService } from './features/auth/service';
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
import type { Logger } from './lib/logger';
import { createTokenSigner } from './lib/tokens';
import { createWechatClient, type WechatClient } from './lib/wechat';
// @billing-import
// @outlets-import
// @help-import

export interface AppDeps {
  config: Config;
  conn: Connection;
  logger: Logger;
  /** The JWT signing secret (the config's, or one the server made for development). */
  jwtSecret: string;
  clock?: Clock;
  wechat?: WechatClient;
  // @billing-deps
  // @outlets-deps
  // @help-deps
}

export interface BuiltApp {
  app: Koa<AppState>;
  models: Models;
  services: {
    auth: AuthService;
    // @billing-services-type
    // @outlets-services-type
    // @help-services-type
  };
}

/** Builds the Koa application without listening: the server and the tests both start here. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, conn, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const models = createModels(conn);
  const wechat = deps.wechat ?? createWechatClient(config.wechat);
  const users = createUserService({ models });
  const auth = createAuthService({
    models,
    clock,
    users,
    wechat,
    signer: createTokenSigner(deps.jwtSecret),
    settings: config.auth,
  });
  // @billing-create
  // @outlets-create
  // @help-create

  const app = new Koa<AppState>({ proxy: config.trustProxy });
  app.silent = true; // errors are logged once, by the error middleware

  const minute = 60_000;
  const loginLimit = rateLimit({
    name: 'login',
    max: config.auth.loginRateLimitPerMinute,
    windowMs: minute,
    clock,
    keys: (ctx) => [ctx.ip],
  });
  const staffLoginLimit = rateLimit({
    name: 'staff-login',
    max: config.auth.loginRateLimitPerMinute,
    windowMs: minute,
    clock,
    keys: (ctx) => {
      const body = ctx.state.body as { username?: unknown } | undefined;
      return [ctx.ip, typeof body?.username === 'string' ? `user:${body.username.trim()}` : undefined];
    },
  });

  const mount = createRouteMounter(auth);
  const router: AppRouter = new Router<AppState>();
  healthRoutes(router, mount, { conn });
  openApiRoutes(router);
  authRoutes(router, mount, { auth, loginLimit, staffLoginLimit });
  userRoutes(router, mount, { users });
  // @billing-mount
  // @outlets-mount
  // @help-mount

  app.use(requestContext(logger));
  app.use(errorHandler());
  app.use(securityHeaders());
  if (config.staticDir) app.use(serveH5(config.staticDir));
  app.use(jsonBody({ limit: config.bodyLimitBytes }));
  app.use(methodOverride());
  app.use(router.routes());

  return {
    app,
    models,
    services: {
      auth,
      // @billing-services
      // @outlets-services
      // @help-services
    },
  };
}
