import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import { stage } from '../../http/timing';
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
    // timed apart (Server-Timing, for the benchmark): who may see it, its bills, their payments
    const access = found(await stage(ctx, 'access', () => accounts.access(userId, query.accountId)));
    const list = await stage(ctx, 'bills', () => accounts.billsOf(access));
    return found(await stage(ctx, 'holds', () => payments.accountBills(userId, list)));
  });
}
