import { bulletinPeriodLabels } from '@bianmin/shared';
import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import { bulletinCsv } from './bulletin';
import type { FollowupFeature } from './feature';

/** The follow-up endpoints (`/api/agent/followups…`): follow-up staff and supervisors. */
export function followupRoutes(router: AppRouter, mount: Mount, feature: FollowupFeature): void {
  mount(router, 'listFollowups', (ctx, { query }) => feature.list(authOf(ctx).role, query));
  mount(router, 'followupBulletin', async (ctx, { query }) => {
    const bulletin = await feature.bulletin(query.period, query.date);
    if (query.format !== 'csv') return bulletin;
    const name = `回访简报-${bulletinPeriodLabels[query.period]}-${bulletin.current.from}.csv`;
    ctx.set('Content-Disposition', `attachment; filename="bulletin.csv"; filename*=UTF-8''${encodeURIComponent(name)}`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = bulletinCsv(bulletin);
    return bulletin;
  });
  mount(router, 'registerServices', (_ctx, { body }) => feature.intake.register(body));
  mount(router, 'listCampaigns', () => feature.campaigns.list());
  mount(router, 'startCampaign', async (ctx, { body }) => {
    const auth = authOf(ctx);
    const staff = found(await feature.staff(auth.subjectId));
    return feature.campaigns.start({ id: auth.subjectId, name: staff.displayName }, body);
  });
  mount(router, 'endCampaign', async (_ctx, { params }) => found(await feature.campaigns.end(params.id)));
  mount(router, 'recordFollowup', async (ctx, { params, body }) => {
    const auth = authOf(ctx);
    const staff = found(await feature.staff(auth.subjectId));
    return found(
      await feature.record({ id: auth.subjectId, name: staff.displayName, role: auth.role }, params.id, body),
    );
  });
}
