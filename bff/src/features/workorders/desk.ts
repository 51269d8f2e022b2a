import {
  finishedWorkOrderStatuses,
  unitOpenStatuses,
  type CheckBody,
  type LinkBody,
  type WorkOrderEscalation,
  type WorkOrderStatus,
} from '@bianmin/shared';
import { eachOf } from '../../db/query';
import { AppError } from '../../http/errors';
import type { Actor, WorkOrderCore, WorkOrderDeps } from './core';
import type { OrderCreation } from './create';
import { byDue } from './field';
import type { WorkOrderEscalationRecord, WorkOrderRecord } from './model';
import { toEscalation, type Viewer } from './present';

/** What each list of the desk shows. */
const DESK_STATES: Record<'dispatch' | 'check' | 'open' | 'done', readonly WorkOrderStatus[]> = {
  dispatch: ['pending_dispatch', 'returned'],
  check: ['completed'],
  open: unitOpenStatuses,
  done: finishedWorkOrderStatuses,
};

/** A staff member at the desk: her actor and what she may see. */
export interface DeskUser {
  actor: Actor;
  viewer: Viewer;
  /** A coordinator sees and checks only her unit's orders (and dispatch lists of her utility). */
  scope: Record<string, unknown>;
  utility: string | null;
}

/**
 * The dispatch desk of agents, supervisors and coordinators: what waits for a unit, 退单 to
 * dispatch again, 回单 to check (对单), links to incidents and notices, passed time limits.
 */
export function createDesk(deps: WorkOrderDeps, core: WorkOrderCore, creation: OrderCreation) {
  const { models, clock, units, notices } = deps;

  async function deskUser(agentId: string): Promise<DeskUser | null> {
    const agent = await models.Agent.findOne({ _id: agentId, active: true }).lean();
    if (!agent) return null;
    const viewer: Viewer = { id: agentId, role: agent.role, unitId: null };
    const actor: Actor = {
      kind: agent.role === 'supervisor' ? 'supervisor' : 'agent',
      id: agentId,
      name: agent.displayName,
    };
    if (agent.role !== 'coordinator') return { actor, viewer, scope: {}, utility: null };
    const membership = await units.forMember(agentId);
    const unitId = membership ? String(membership.unit._id) : 'none';
    return {
      actor: { ...actor, kind: 'coordinator' },
      viewer: { ...viewer, unitId },
      scope: { unitId },
      utility: membership?.unit.utility ?? null,
    };
  }

  return {
    deskUser,

    async list(user: DeskUser, state: keyof typeof DESK_STATES): Promise<WorkOrderRecord[]> {
      const statuses = DESK_STATES[state];
      // a coordinator's dispatch list: orders of her utility waiting for a unit
      const filter = state === 'dispatch' ? (user.utility ? { utility: user.utility } : {}) : user.scope;
      const docs = await eachOf(statuses, (status) =>
        models.WorkOrder.find({ ...filter, status })
          .sort({ updatedAt: -1 })
          .limit(200)
          .lean<WorkOrderRecord[]>(),
      );
      return state === 'done' ? docs.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()) : docs.sort(byDue);
    },

    async get(user: DeskUser, id: string): Promise<WorkOrderRecord | null> {
      return models.WorkOrder.findOne({ _id: id, ...user.scope }).lean<WorkOrderRecord>();
    },

    /** 派单 (again, after a 退单) to a unit of the order's utility. */
    async dispatch(user: DeskUser, id: string, unitId: string) {
      const unit = await units.get(unitId);
      if (!unit) throw new AppError('WO_UNIT_INVALID');
      return creation.dispatch(id, unit, user.actor);
    },

    /** 对单: accept the 回单 (the resident is asked to rate), or return it to the unit with a reason. */
    check(user: DeskUser, id: string, body: CheckBody) {
      return core.commit(
        id,
        user.actor,
        (o) => {
          if (o.status !== 'completed') throw new AppError('WO_WRONG_STATUS');
          const now = clock.now();
          const lastCheck = { accepted: body.accept, reason: body.reason ?? null, byName: user.actor.name, at: now };
          return body.accept
            ? { action: 'check_accepted', set: { status: 'checked', checkedAt: now, lastCheck } }
            : { action: 'check_returned', set: { status: 'rework', lastCheck }, detail: { reason: body.reason ?? '' } };
        },
        user.scope,
      );
    },

    /** 关联工单: to an incident of many reports, or to an outage notice. */
    async link(user: DeskUser, id: string, body: LinkBody) {
      const notice = body.noticeId ? await notices.get(body.noticeId) : null;
      const incident = body.incidentId ? await models.Incident.findById(body.incidentId).lean() : null;
      if (!notice && !incident) throw new AppError('NOT_FOUND', '没有找到这个事件或通知。');
      const title = notice ? notice.title : `${incident?.district ?? ''}的报修事件`;
      return core.commit(
        id,
        user.actor,
        (o) => {
          if (notice && o.noticeId === String(notice._id)) return null;
          if (incident && o.incidentId === String(incident._id)) return null;
          return {
            action: 'linked',
            set: notice ? { noticeId: String(notice._id) } : { incidentId: String(incident?._id) },
            detail: { title },
          };
        },
        user.scope,
      );
    },

    /** Passed time limits, newest first (a coordinator: her unit's). */
    async escalations(user: DeskUser): Promise<WorkOrderEscalation[]> {
      const filter = user.viewer.unitId ? { unitId: user.viewer.unitId } : {};
      const list = await models.WorkOrderEscalation.find(filter)
        .sort({ at: -1 })
        .limit(200)
        .lean<WorkOrderEscalationRecord[]>();
      const orders = await eachOf(
        list.map((e) => e.orderId),
        (orderId) => models.WorkOrder.find({ _id: orderId }).lean<WorkOrderRecord[]>(),
      );
      const byId = new Map(orders.map((o) => [String(o._id), o]));
      return list.map((e) => toEscalation(e, byId.get(e.orderId) ?? null));
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;
