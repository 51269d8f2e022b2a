import { WorkOrderEventName, type WorkOrderStaffEvent } from '@bianmin/shared';
import { authOf } from '../../http/auth';
import { AppError, found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import type { AppContext } from '../../http/state';
import { streamEvents } from '../help/stream';
import { toUnit } from '../units/service';
import type { WorkOrderFeature } from './feature';
import type { Member } from './field';
import type { WorkOrderRecord } from './model';
import { toStaffItem } from './view';

/** The field app (`/api/field/…`): a unit's members and its coordinator, each only their unit's orders. */
export function fieldRoutes(router: AppRouter, mount: Mount, feature: WorkOrderFeature): void {
  const { field, present, clock } = feature;
  const me = (ctx: AppContext) => authOf(ctx).subjectId;
  const show = (result: { order: WorkOrderRecord; member: Member } | null) => {
    const held = found(result);
    return present.staff(held.order, held.member.viewer);
  };

  mount(router, 'getFieldMe', async (ctx) => {
    const agent = found(await feature.models.Agent.findOne({ _id: me(ctx), active: true }).lean());
    const membership = await feature.units.forMember(me(ctx));
    return {
      id: String(agent._id),
      username: agent.username,
      displayName: agent.displayName,
      role: agent.role,
      unit: membership ? toUnit(membership.unit) : null,
    };
  });
  mount(router, 'listFieldOrders', async (ctx, { query }) => ({
    serverTime: clock.now().toISOString(),
    items: (await field.list(me(ctx), query.scope)).map(toStaffItem),
  }));
  mount(router, 'getFieldOrder', async (ctx, { params }) => show(await field.get(me(ctx), params.id)));
  mount(router, 'acceptFieldOrder', async (ctx, { params }) => show(await field.accept(me(ctx), params.id)));
  mount(router, 'assignFieldOrder', async (ctx, { params, body }) =>
    show(await field.assign(me(ctx), params.id, body.memberId)),
  );
  mount(router, 'progressFieldOrder', async (ctx, { params, body }) =>
    show(await field.progress(me(ctx), params.id, body)),
  );
  mount(router, 'completeFieldOrder', async (ctx, { params, body }) =>
    show(await field.complete(me(ctx), params.id, body)),
  );
  mount(router, 'unableFieldOrder', async (ctx, { params, body }) =>
    show(await field.unable(me(ctx), params.id, body)),
  );
  mount(router, 'returnFieldOrder', async (ctx, { params, body }) =>
    show(await field.returnOrder(me(ctx), params.id, body.reason)),
  );

  router.use('/api/field/events', tokenFromQuery());
  mount(router, 'fieldEvents', async (ctx) => {
    const m = await field.member(me(ctx));
    if (!m) throw new AppError('NOT_FOUND', '您还不在任何单位里，请联系班长。');
    const names: readonly string[] = [WorkOrderEventName.changed, WorkOrderEventName.escalated];
    streamEvents(ctx, feature.live, {
      filter: { 'staff.unitIds': m.unitId },
      pick: (e) =>
        names.includes(e.type) && (e.staff as Partial<WorkOrderStaffEvent> | null)?.unitIds?.includes(m.unitId)
          ? { event: e.type, data: e.staff }
          : null,
    });
  });
}
