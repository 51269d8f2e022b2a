import {
  addDays,
  appointmentTypes,
  beijingDay,
  problemOf,
  slotPartValues,
  type RatingBody,
  type SlotList,
  type SlotsQuery,
} from '@bianmin/shared';
import { AppError } from '../../http/errors';
import type { UtilityAccountRecord } from '../accounts/model';
import type { WorkOrderCore, WorkOrderDeps } from './core';
import type { OrderCreation } from './create';
import type { WorkOrderRecord } from './model';
import { slotWindow } from './sla';

/** The resident's side: her orders, the slots she can book, her rating. */
export function createResidentOrders(deps: WorkOrderDeps, core: WorkOrderCore, creation: OrderCreation) {
  const { models, clock, settings, units } = deps;

  return {
    list(userId: string, helpId?: string): Promise<WorkOrderRecord[]> {
      return models.WorkOrder.find(helpId ? { userId, helpId } : { userId })
        .sort({ createdAt: -1 })
        .limit(100)
        .lean<WorkOrderRecord[]>()
        .exec();
    },

    get(userId: string, id: string): Promise<WorkOrderRecord | null> {
      return models.WorkOrder.findOne({ _id: id, userId }).lean<WorkOrderRecord>().exec();
    },

    async owns(userId: string, id: string): Promise<boolean> {
      return Boolean(await models.WorkOrder.exists({ _id: id, userId }));
    },

    /** Confirms and rates the order, once, after its 回单 was checked; this closes it. */
    async rate(userId: string, id: string, body: RatingBody) {
      const user = await models.User.findById(userId, { nickname: 1 }).lean();
      return core.commit(
        id,
        { kind: 'resident', id: userId, name: user?.nickname ?? null },
        (o) => {
          if (o.rating?.satisfaction) throw new AppError('WO_RATED');
          if (o.status !== 'checked') throw new AppError('WO_NOT_RATEABLE');
          const now = clock.now();
          return {
            action: 'rated',
            set: {
              status: 'closed',
              closedAt: now,
              rating: { satisfaction: body.satisfaction, comment: body.comment ?? null, at: now },
            },
            detail: { satisfaction: body.satisfaction, comment: body.comment ?? null },
          };
        },
        { userId },
      );
    },

    /** The half days a visit of this problem can be booked in, from now on, with places left. */
    async slots(userId: string, query: SlotsQuery): Promise<SlotList> {
      const problem = problemOf(query.problem);
      if (!problem || !appointmentTypes.includes(problem.type)) throw new AppError('WO_SLOT_INVALID');
      let place: { district: string; gridId: string | null } | null = null;
      if (query.accountId) {
        const bound = await models.AccountBinding.exists({ userId, accountId: query.accountId });
        const account = bound
          ? await models.UtilityAccount.findById(query.accountId).lean<UtilityAccountRecord>()
          : null;
        if (account) place = { district: account.district, gridId: account.gridId };
      } else if (query.district) {
        place = { district: query.district, gridId: null };
      }
      const unit = place ? await units.forPlace(problem.utility, place) : null;
      const now = clock.now();
      const today = beijingDay(now);
      const days: SlotList['days'] = [];
      for (let i = 0; i <= settings.slotDays; i++) {
        const day = addDays(today, i);
        const parts = [];
        for (const part of slotPartValues) {
          if (slotWindow({ day, part }).from.getTime() <= now.getTime()) continue;
          const taken = unit ? await creation.booked(String(unit._id), day, part) : 0;
          parts.push({ part, left: Math.max(0, settings.slotCapacity - taken) });
        }
        if (parts.length > 0) days.push({ day, parts });
      }
      return { days };
    },
  };
}

export type ResidentOrders = ReturnType<typeof createResidentOrders>;
