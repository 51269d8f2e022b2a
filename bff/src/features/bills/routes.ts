import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AccountService } from '../accounts/service';
import type { PaymentService } from '../payments/service';

/** The bills of one account the caller may see, with her own unfinished payment of them. */
export function billRoutes(
  router: AppRouter,
  mount: Mount,
  { accounts, payments }: { accounts: AccountService; payments: PaymentService },
): void {
  mount(router, 'listBills', async (ctx, { query }) => {
    const userId = authOf(ctx).subjectId;
    return found(await payments.accountBills(userId, await accounts.bills(userId, query.accountId)));
  });
}
