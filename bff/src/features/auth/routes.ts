import { authOf } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AppMiddleware } from '../../http/state';
import type { AuthService } from './service';

/** Login and logout for residents and staff. Login endpoints are rate-limited per client. */
export function authRoutes(
  router: AppRouter,
  mount: Mount,
  deps: { auth: AuthService; loginLimit: AppMiddleware; staffLoginLimit: AppMiddleware },
): void {
  const { auth, loginLimit, staffLoginLimit } = deps;

  mount(router, 'devLogin', (_ctx, { body }) => auth.devLogin(body), loginLimit);

  mount(router, 'wxLogin', (_ctx, { body }) => auth.wxLogin(body.code), loginLimit);

  mount(
    router,
    'agentLogin',
    async (_ctx, { body }) => {
      const result = await auth.agentLogin(body.username, body.password);
      if (!result) throw new AppError('INVALID_CREDENTIALS');
      return result;
    },
    staffLoginLimit,
  );

  mount(router, 'logout', async (ctx) => {
    await auth.logout(authOf(ctx).sessionId);
  });
}
