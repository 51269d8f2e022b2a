import {
  unitOpenStatuses,
  workOrderPriorityRank,
  type CompleteBody,
  type ProgressBody,
  type ProgressStep,
  type UnableBody,
  type WorkOrderStatus,
} from '@bianmin/shared';
import { eachOf } from '../../db/query';
import { AppError } from '../../http/errors';
import type { Actor, Change, WorkOrderCore, WorkOrderDeps } from './core';
import type { WorkOrderRecord } from './model';
import type { Viewer } from './present';
import { needsVisit } from './sla';
import { nextDue } from './view';

/** The member behind a staff token: her actor, her unit, her work phone. Null: not in a unit. */
export interface Member {
  actor: Actor;
  viewer: Viewer;
  unitId: string;
  phone: string | null;
  coordinator: boolean;
}

/** Where each progress step may be pressed from. */
const PROGRESS_FROM: Record<ProgressStep, readonly WorkOrderStatus[]> = {
  contacted: ['accepted', 'rescheduled', 'rework'],
  on_the_way: ['accepted', 'contacted', 'rescheduled', 'rework'],
  arrived: ['accepted', 'contacted', 'on_the_way', 'rescheduled', 'rework'],
};
/** Where a 回单 may be written from, for types done with or without a visit. */
const COMPLETE_FROM_VISIT: readonly WorkOrderStatus[] = ['arrived'];
const COMPLETE_FROM_NO_VISIT: readonly WorkOrderStatus[] = [
  'accepted',
  'contacted',
  'arrived',
  'rescheduled',
  'rework',
];
const UNABLE_FROM: readonly WorkOrderStatus[] = [
  'accepted',
  'contacted',
  'on_the_way',
  'arrived',
  'rescheduled',
  'rework',
];
const RETURN_FROM: readonly WorkOrderStatus[] = [
  'dispatched',
  'assigned',
  'accepted',
  'contacted',
  'on_the_way',
  'arrived',
  'rescheduled',
  'rework',
];
const ASSIGN_FROM: readonly WorkOrderStatus[] = [
  'dispatched',
  'assigned',
  'accepted',
  'contacted',
  'rescheduled',
  'rework',
];

/** Sorts by the next time limit (soonest first), then priority, then age. */
/** What a 退单 sets: back to the dispatcher, no unit, member or limits, with the reason. */
export function returnSet(reason: string, byName: string | null, at: Date) {
  return {
    status: 'returned' as const,
    unitId: null,
    unitName: null,
    assigneeId: null,
    assigneeName: null,
    assigneePhone: null,
    contactDueAt: null,
    arrivalDueAt: null,
    completionDueAt: null,
    lastReturn: { reason, byName, at },
  };
}

export function byDue(a: WorkOrderRecord, b: WorkOrderRecord): number {
  const due = (o: WorkOrderRecord) => {
    const next = nextDue(o);
    return next ? Date.parse(next.at) : Number.POSITIVE_INFINITY;
  };
  return (
    due(a) - due(b) ||
    workOrderPriorityRank[a.priority] - workOrderPriorityRank[b.priority] ||
    a.createdAt.getTime() - b.createdAt.getTime()
  );
}

/**
 * The field app: a unit's members accept (接单), go and report back; the coordinator assigns.
 * Every action is scoped to the member's unit: another unit's order is "not found".
 */
export function createFieldWork(deps: WorkOrderDeps, core: WorkOrderCore) {
  const { models, clock, units, photos } = deps;

  async function member(agentId: string): Promise<Member | null> {
    const [agent, membership] = await Promise.all([
      models.Agent.findOne({ _id: agentId, active: true }).lean(),
      units.forMember(agentId),
    ]);
    if (!agent || !membership) return null;
    const coordinator = agent.role === 'coordinator';
    const unitId = String(membership.unit._id);
    return {
      actor: { kind: coordinator ? 'coordinator' : 'field', id: agentId, name: agent.displayName },
      viewer: { id: agentId, role: agent.role, unitId },
      unitId,
      phone: membership.member.phone ?? null,
      coordinator,
    };
  }

  /** Runs `plan` on an order of the member's unit; null when she has no unit or it is not its order. */
  async function act(agentId: string, id: string, plan: (order: WorkOrderRecord, m: Member) => Change | null) {
    const m = await member(agentId);
    if (!m) return null;
    const result = await core.commit(id, m.actor, (o) => plan(o, m), { unitId: m.unitId });
    return result ? { order: result.order, member: m } : null;
  }

  function mustHold(o: WorkOrderRecord, m: Member) {
    if (o.assigneeId !== m.actor.id) throw new AppError('WO_NOT_YOURS');
  }

  const byStatuses = (statuses: readonly WorkOrderStatus[], filter: Record<string, unknown>, limit = 300) =>
    eachOf(statuses, (status) =>
      models.WorkOrder.find({ ...filter, status })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean<WorkOrderRecord[]>(),
    );

  return {
    member,

    /**
     * `mine`: orders on her hands and the unit's orders nobody has taken yet, by due time; `unit`
     * (coordinators): every open order of the unit and the 回单 waiting for 对单; `done`: finished.
     */
    async list(agentId: string, scope: 'mine' | 'unit' | 'done'): Promise<WorkOrderRecord[]> {
      const m = await member(agentId);
      if (!m) return [];
      if (scope === 'done')
        return (await byStatuses(['completed', 'checked', 'closed'], { unitId: m.unitId }, 50))
          .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
          .slice(0, 50);
      if (scope === 'unit' && m.coordinator)
        return (await byStatuses([...unitOpenStatuses, 'completed'], { unitId: m.unitId })).sort(byDue);
      const [mine, free] = await Promise.all([
        byStatuses(
          unitOpenStatuses.filter((s) => s !== 'dispatched'),
          { unitId: m.unitId, assigneeId: agentId },
        ),
        byStatuses(['dispatched'], { unitId: m.unitId }),
      ]);
      return [...mine, ...free].sort(byDue);
    },

    async get(agentId: string, id: string): Promise<{ order: WorkOrderRecord; member: Member } | null> {
      const m = await member(agentId);
      if (!m) return null;
      const order = await models.WorkOrder.findOne({ _id: id, unitId: m.unitId }).lean<WorkOrderRecord>();
      return order ? { order, member: m } : null;
    },

    /** 接单: by a member of the unit, once; pressed again by her, nothing more happens. */
    accept(agentId: string, id: string) {
      return act(agentId, id, (o, m) => {
        const mine = o.assigneeId === m.actor.id;
        if (mine && o.acceptedAt) return null;
        if (o.status === 'dispatched' || (o.status === 'assigned' && mine)) {
          return {
            action: 'accepted',
            set: {
              status: 'accepted',
              assigneeId: m.actor.id,
              assigneeName: m.actor.name,
              assigneePhone: m.phone,
              acceptedAt: clock.now(),
            },
            detail: { memberId: m.actor.id ?? '', memberName: m.actor.name ?? '', memberPhone: m.phone },
          };
        }
        if (o.assigneeId) throw new AppError('WO_ALREADY_TAKEN');
        throw new AppError('WO_WRONG_STATUS');
      });
    },

    /** The coordinator gives the order to a member of the unit; she still accepts it herself. */
    async assign(agentId: string, id: string, memberId: string) {
      const m = await member(agentId);
      if (!m) return null;
      if (!m.coordinator) throw new AppError('FORBIDDEN');
      // another unit's order is "not found" before anything about the member is said
      if (!(await models.WorkOrder.exists({ _id: id, unitId: m.unitId }))) return null;
      const unit = await units.get(m.unitId);
      const target = unit?.members.find((x) => x.agentId === memberId && x.role !== 'grid');
      if (!target) throw new AppError('WO_MEMBER_INVALID');
      const result = await core.commit(
        id,
        m.actor,
        (o) => {
          if (o.assigneeId === memberId && o.status === 'assigned') return null;
          if (!ASSIGN_FROM.includes(o.status)) throw new AppError('WO_WRONG_STATUS');
          return {
            action: 'assigned',
            set: {
              status: 'assigned',
              assigneeId: memberId,
              assigneeName: target.name,
              assigneePhone: target.phone ?? null,
              acceptedAt: null,
            },
            detail: { memberId, memberName: target.name },
          };
        },
        { unitId: m.unitId },
      );
      return result ? { order: result.order, member: m } : null;
    },

    /** 已联系居民, 已出发, 已到达: by the member holding it; the same step twice is one step. */
    progress(agentId: string, id: string, body: ProgressBody) {
      return act(agentId, id, (o, m) => {
        mustHold(o, m);
        if (o.status === body.step) return null;
        if (!PROGRESS_FROM[body.step].includes(o.status)) throw new AppError('WO_WRONG_STATUS');
        if (body.step !== 'contacted' && !needsVisit(o.type)) throw new AppError('WO_WRONG_STATUS');
        const now = clock.now();
        return {
          action: body.step,
          set: {
            status: body.step,
            ...(body.step !== 'on_the_way' && !o.contactedAt ? { contactedAt: now } : {}),
            ...(body.step === 'arrived' && !o.arrivedAt ? { arrivedAt: now } : {}),
          },
          detail: { memberName: m.actor.name ?? '', note: body.note ?? null },
        };
      });
    },

    /** The 回单: what was done, the cause, notes, photos (hers, attached to this order). */
    async complete(agentId: string, id: string, body: CompleteBody) {
      const ids = body.photoIds ?? [];
      if (ids.length > 0) {
        const held = await this.get(agentId, id);
        if (!held) return null;
        if (!(await photos.attach(ids, agentId, id))) throw new AppError('WO_PHOTO_INVALID');
      }
      return act(agentId, id, (o, m) => {
        mustHold(o, m);
        if (o.status === 'completed' && o.report?.byId === m.actor.id) return null;
        const from = needsVisit(o.type) ? COMPLETE_FROM_VISIT : COMPLETE_FROM_NO_VISIT;
        if (!from.includes(o.status)) {
          if (needsVisit(o.type) && COMPLETE_FROM_NO_VISIT.includes(o.status)) throw new AppError('WO_NEEDS_VISIT');
          throw new AppError('WO_WRONG_STATUS');
        }
        const now = clock.now();
        return {
          action: 'completed',
          set: {
            status: 'completed',
            completedAt: now,
            ...(o.contactedAt ? {} : { contactedAt: now }),
            report: {
              summary: body.summary,
              cause: body.cause,
              notes: body.notes ?? null,
              photos: ids,
              at: now,
              byId: m.actor.id,
              byName: m.actor.name,
            },
          },
          detail: { memberName: m.actor.name ?? '', summary: body.summary, cause: body.cause, photos: ids },
        };
      });
    },

    /** 无法完成: the reason and the new time agreed with the resident. */
    unable(agentId: string, id: string, body: UnableBody) {
      return act(agentId, id, (o, m) => {
        mustHold(o, m);
        if (!UNABLE_FROM.includes(o.status)) throw new AppError('WO_WRONG_STATUS');
        const now = clock.now();
        const newTime = new Date(body.newTime);
        if (newTime.getTime() <= now.getTime()) throw new AppError('WO_TIME_PASSED');
        return {
          action: 'unable',
          set: { status: 'rescheduled', unable: { reason: body.reason, newTime, at: now } },
          detail: { memberName: m.actor.name ?? '', reason: body.reason, newTime: newTime.toISOString() },
        };
      });
    },

    /** 退单: back to the dispatcher with a reason, by the member holding it or the coordinator. */
    returnOrder(agentId: string, id: string, reason: string) {
      return act(agentId, id, (o, m) => {
        if (o.assigneeId && o.assigneeId !== m.actor.id && !m.coordinator) throw new AppError('WO_NOT_YOURS');
        if (!RETURN_FROM.includes(o.status)) throw new AppError('WO_WRONG_STATUS');
        return {
          action: 'returned',
          set: returnSet(reason, m.actor.name, clock.now()),
          detail: { unitId: m.unitId, unitName: o.unitName ?? '', memberName: m.actor.name ?? '', reason },
        };
      });
    },
  };
}

export type FieldWork = ReturnType<typeof createFieldWork>;
