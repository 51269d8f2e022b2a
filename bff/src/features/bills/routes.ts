import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AccountService } from '../accounts/service';

/** The bills of one account the caller may see. */
export function billRoutes(router: AppRouter, mount: Mount, { accounts }: { accounts: AccountService }): void {
  mount(router, 'listBills', async (ctx, { query }) =>
    found(await accounts.bills(authOf(ctx).subjectId, query.accountId)),
  );
}
