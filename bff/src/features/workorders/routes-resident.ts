import { WorkOrderEventName } from '@bianmin/shared';
import { authOf } from '../../http/auth';
import { AppError, found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import type { AppContext } from '../../http/state';
import { streamEvents } from '../help/stream';
import type { WorkOrderFeature } from './feature';
import { toResidentSummary } from './view';

/** The resident's 报修, 预约, timeline and rating (`/api/workorders…`). */
export function residentWorkOrderRoutes(router: AppRouter, mount: Mount, feature: WorkOrderFeature): void {
  const { resident, creation, present } = feature;
  const me = (ctx: AppContext) => authOf(ctx).subjectId;

  mount(router, 'createWorkOrder', async (ctx, { body }) => ({
    order: await present.resident(await creation.fromResident(me(ctx), body)),
  }));
  mount(router, 'listWorkOrders', async (ctx, { query }) => ({
    items: (await resident.list(me(ctx), query.helpId)).map(toResidentSummary),
  }));
  // before `/:id`, which would take "slots" for an id
  mount(router, 'workOrderSlots', (ctx, { query }) => resident.slots(me(ctx), query));
  mount(router, 'getWorkOrder', async (ctx, { params }) =>
    present.resident(found(await resident.get(me(ctx), params.id))),
  );
  mount(router, 'rateWorkOrder', async (ctx, { params, body }) =>
    present.resident(found(await resident.rate(me(ctx), params.id, body)).order),
  );

  router.use('/api/workorders/:id/events', tokenFromQuery());
  mount(router, 'workOrderEvents', async (ctx, { params }) => {
    if (!(await resident.owns(me(ctx), params.id))) throw new AppError('NOT_FOUND');
    const userId = me(ctx);
    streamEvents(ctx, feature.live, {
      filter: { userId, residentType: WorkOrderEventName.status, 'resident.id': params.id },
      pick: (e) =>
        e.residentType === WorkOrderEventName.status && (e.resident as { id?: string } | null)?.id === params.id
          ? { event: e.residentType, data: e.resident }
          : null,
    });
  });
}
