import { authOf } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AppMiddleware } from '../../http/state';
import type { AuthService } from './service';
import type { StaffLoginGuard } from './staffLogin';

/**
 * Login and logout for residents and staff. Login endpoints are rate-limited per client address;
 * staff logins are also held up per username after wrong passwords (staffLogin.ts), which a
 * supervisor sees and clears.
 */
export function authRoutes(
  router: AppRouter,
  mount: Mount,
  deps: { auth: AuthService; loginLimit: AppMiddleware; staffLoginLimit: AppMiddleware; staffLogin: StaffLoginGuard },
): void {
  const { auth, loginLimit, staffLoginLimit, staffLogin } = deps;

  mount(router, 'devLogin', (_ctx, { body }) => auth.devLogin(body), loginLimit);

  mount(router, 'wxLogin', (_ctx, { body }) => auth.wxLogin(body.code), loginLimit);

  mount(
    router,
    'agentLogin',
    async (ctx, { body }) => {
      const attempt = { username: body.username, address: ctx.ip, deviceToken: body.deviceToken };
      await staffLogin.check(attempt);
      const result = await auth.agentLogin(body.username, body.password);
      if (!result) {
        await staffLogin.failed(attempt);
        throw new AppError('INVALID_CREDENTIALS');
      }
      return { ...result, deviceToken: await staffLogin.succeeded(result.agent.id, attempt) };
    },
    staffLoginLimit,
  );

  mount(router, 'logout', async (ctx) => {
    await auth.logout(authOf(ctx).sessionId);
  });

  mount(router, 'listLoginLocks', async () => ({ items: await staffLogin.locks() }));
  mount(router, 'clearLoginLock', async (_ctx, { params }) => {
    await staffLogin.clear(params.username);
    return { items: await staffLogin.locks() };
  });
}
