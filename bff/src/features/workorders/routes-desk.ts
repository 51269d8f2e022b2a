import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { AppContext } from '../../http/state';
import type { WorkOrderFeature } from './feature';
import type { WorkOrderRecord } from './model';
import { toStaffItem } from './view';

/** The dispatch desk (`/api/agent/workorders…`): dispatch, 对单, links, escalations, assessment. */
export function deskRoutes(router: AppRouter, mount: Mount, feature: WorkOrderFeature): void {
  const { desk, creation, present, clock } = feature;
  const user = async (ctx: AppContext) => found(await desk.deskUser(authOf(ctx).subjectId));
  const show = async (ctx: AppContext, order: WorkOrderRecord | null | undefined) =>
    present.staff(found(order), (await user(ctx)).viewer);

  mount(router, 'listDeskOrders', async (ctx, { query }) => ({
    serverTime: clock.now().toISOString(),
    items: (await desk.list(await user(ctx), query.state)).map(toStaffItem),
  }));
  mount(router, 'createStaffOrder', async (ctx, { body }) =>
    show(ctx, await creation.fromStaff((await user(ctx)).actor, body)),
  );
  mount(router, 'helpOrderDraft', async (_ctx, { params }) => found(await creation.draft(params.id)));
  mount(router, 'orderFromHelp', async (ctx, { params, body }) =>
    show(ctx, await creation.fromHelp(params.id, (await user(ctx)).actor, body)),
  );
  // before `/:id`
  mount(router, 'listWorkOrderEscalations', async (ctx) => ({ items: await desk.escalations(await user(ctx)) }));
  mount(router, 'workOrderAssessment', (_ctx, { query }) => feature.assessment(query.period, query.day));
  mount(router, 'getDeskOrder', async (ctx, { params }) => show(ctx, await desk.get(await user(ctx), params.id)));
  mount(router, 'dispatchOrder', async (ctx, { params, body }) =>
    show(ctx, (await desk.dispatch(await user(ctx), params.id, body.unitId))?.order),
  );
  mount(router, 'checkOrder', async (ctx, { params, body }) =>
    show(ctx, (await desk.check(await user(ctx), params.id, body))?.order),
  );
  mount(router, 'linkOrder', async (ctx, { params, body }) =>
    show(ctx, (await desk.link(await user(ctx), params.id, body))?.order),
  );
  mount(router, 'listIncidents', async () => ({ items: await feature.incidents.list() }));
}
