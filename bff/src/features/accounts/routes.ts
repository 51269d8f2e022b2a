import { authOf } from '../../http/auth';
import { notFound } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AccountService } from './service';

/** 我的户号: list, bind, unbind. Another resident's account is a 404 like a missing one. */
export function accountRoutes(router: AppRouter, mount: Mount, { accounts }: { accounts: AccountService }): void {
  mount(router, 'listAccounts', async (ctx) => ({ accounts: await accounts.list(authOf(ctx).subjectId) }));

  mount(router, 'bindAccount', (ctx, { body }) => accounts.bind(authOf(ctx).subjectId, body));

  mount(router, 'unbindAccount', async (ctx, { params }) => {
    if (!(await accounts.unbind(authOf(ctx).subjectId, params.id))) throw notFound();
  });
}
