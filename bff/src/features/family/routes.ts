import { authOf } from '../../http/auth';
import { found, notFound } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AppMiddleware } from '../../http/state';
import type { FamilyService } from './service';

/** 代缴 lookups (rate-limited per resident), 亲情账户 and reminders. */
export function familyRoutes(
  router: AppRouter,
  mount: Mount,
  { family, lookupLimit }: { family: FamilyService; lookupLimit: AppMiddleware },
): void {
  mount(router, 'payerLookup', (ctx, { body }) => family.lookup(authOf(ctx).subjectId, body), lookupLimit);

  mount(router, 'listFamily', async (ctx) => ({ accounts: await family.familyAccounts(authOf(ctx).subjectId) }));

  mount(router, 'saveFamily', async (ctx, { body }) => ({
    accounts: found(await family.save(authOf(ctx).subjectId, body)),
  }));

  mount(router, 'removeFamily', async (ctx, { params }) => {
    if (!(await family.remove(authOf(ctx).subjectId, params.id))) throw notFound();
  });

  mount(router, 'listReminders', async (ctx) => ({ reminders: await family.reminders(authOf(ctx).subjectId) }));
}
