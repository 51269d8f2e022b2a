import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { Models } from '../../db/models';
import { toNoticeBrief, type NoticeService } from './service';

/** Outage notices: residents read those of their districts; coordinators and supervisors publish. */
export function noticeRoutes(router: AppRouter, mount: Mount, deps: { notices: NoticeService; models: Models }): void {
  const { notices, models } = deps;
  const staffName = async (id: string) =>
    (await models.Agent.findById(id, { displayName: 1 }).lean())?.displayName ?? '';

  mount(router, 'listNotices', async (ctx) => ({
    items: (await notices.forResident(authOf(ctx).subjectId)).map(toNoticeBrief),
  }));
  mount(router, 'listStaffNotices', async (_ctx, { query }) => {
    const list = await notices.list(query.state);
    const counts = await notices.orderCounts(list.map((n) => String(n._id)));
    return { items: list.map((n) => notices.toStaff(n, counts.get(String(n._id)) ?? 0)) };
  });
  mount(router, 'createNotice', async (ctx, { body }) => {
    const id = authOf(ctx).subjectId;
    return notices.toStaff(await notices.create({ id, name: await staffName(id) }, body), 0);
  });
  mount(router, 'updateNotice', async (_ctx, { params, body }) => {
    const notice = found(await notices.update(params.id, body));
    return notices.toStaff(notice, (await notices.orderCounts([params.id])).get(params.id) ?? 0);
  });
}
