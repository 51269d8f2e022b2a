import type { FollowupBusiness, HelpCategory, RegisterServicesBody, RegisterServicesResult } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { idFor } from '../../lib/ids';
import type { HelpRequestRecord } from '../help/model';
import type { UnitRecord } from '../units/model';
import type { WorkOrderRecord } from '../workorders/model';
import { dueSlotOf, type SlotTally } from './slots';
import type { FollowupDeps } from './deps';
import type { FollowupTaskRecord } from './model';
import { followupReason } from './sampling';

/** The team (班组) of a help request nobody's team was written on. */
const DESK_TEAM = '客服中心';

function businessOfHelp(category: HelpCategory | null | undefined): FollowupBusiness {
  if (category === 'complaint') return 'complaint';
  if (category === 'payment_failed') return 'payment_failed';
  return 'help';
}

/** Inserts tasks, skipping the ones already there (a record is a task at most once). */
async function insertTasks(deps: FollowupDeps, tally: SlotTally, tasks: FollowupTaskRecord[]): Promise<void> {
  if (tasks.length === 0) return;
  await tally.changing(
    tasks.map((t) => t.dueSlot),
    async () => {
      try {
        await deps.models.FollowupTask.insertMany(tasks, { ordered: false });
      } catch (err) {
        const writeErrors = (err as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
        const codes = writeErrors?.map((e) => e.code ?? e.err?.code) ?? [(err as { code?: number }).code];
        if (!codes.every((c) => c === 11000)) throw err;
      }
    },
  );
}

/**
 * Where follow-up tasks come from: a work order checked after its 回单 (对单通过), a help request
 * resolved, and counter services registered from a unit's business system. Each record is
 * sampled by its business type (sampling.ts), fixed by its id; due within the window of the
 * service.
 */
export function createFollowupIntake(deps: FollowupDeps, tally: SlotTally) {
  const { clock, settings } = deps;

  function task(
    source: FollowupTaskRecord['source'],
    recordId: string,
    business: FollowupBusiness,
    fields: Omit<
      FollowupTaskRecord,
      '_id' | 'source' | 'business' | 'reason' | 'dueAt' | 'dueSlot' | 'campaignId' | 'state' | 'result' | 'createdAt'
    >,
  ): FollowupTaskRecord | null {
    const reason = followupReason(settings.shares, business, recordId);
    if (!reason) return null;
    const dueAt = new Date(fields.servedAt.getTime() + settings.windowMs);
    return {
      _id: idFor(`${source}:${recordId}`),
      source,
      business,
      reason,
      ...fields,
      dueAt,
      dueSlot: dueSlotOf(dueAt),
      campaignId: null,
      state: 'open',
      result: null,
      createdAt: clock.now(),
    };
  }

  return {
    /** A work order whose 回单 was accepted (对单通过): its unit is the team. */
    async fromOrder(order: WorkOrderRecord): Promise<void> {
      const id = String(order._id);
      const made = task('workorder', id, order.type, {
        sourceId: id,
        sourceRef: order.no,
        team: order.unitName ?? DESK_TEAM,
        unitId: order.unitId ?? null,
        utility: order.utility,
        district: order.district,
        address: order.address,
        servedAt: order.completedAt ?? order.report?.at ?? clock.now(),
        residentName: order.residentName,
        phone: order.residentPhone ?? null,
        summary: order.report?.summary ?? null,
      });
      if (made) await insertTasks(deps, tally, [made]);
    },

    /** A resolved help request: the resolving agent's team is the team. */
    async fromHelp(doc: HelpRequestRecord): Promise<void> {
      if (!doc.resolvedAt) return;
      const id = String(doc._id);
      const made = task('help', id, businessOfHelp(doc.category), {
        sourceId: id,
        sourceRef: id,
        team: doc.resolvedTeam ?? DESK_TEAM,
        unitId: null,
        utility: null,
        district: doc.district ?? null,
        address: null,
        servedAt: doc.resolvedAt,
        residentName: doc.residentName,
        phone: doc.callbackPhone ?? doc.residentPhone ?? null,
        summary: doc.resolutionSummary ?? null,
      });
      if (made) await insertTasks(deps, tally, [made]);
    },

    /**
     * Counter services (前台营业, 抄表 at a 营业所) from the unit's business system: each served
     * within the follow-up window, the same reference registered twice is one record.
     */
    async register(body: RegisterServicesBody): Promise<RegisterServicesResult> {
      const unit = await deps.models.Unit.findById(body.unitId).lean<UnitRecord>();
      if (!unit) throw new AppError('FOLLOWUP_UNIT_INVALID');
      const now = clock.now().getTime();
      const items = [...new Map(body.items.map((i) => [i.ref, i])).values()];
      const tasks: FollowupTaskRecord[] = [];
      for (const [index, item] of items.entries()) {
        const servedAt = new Date(item.servedAt);
        if (servedAt.getTime() > now || servedAt.getTime() < now - settings.windowMs)
          throw new AppError('FOLLOWUP_SERVED_AT_INVALID', undefined, {
            details: [{ path: `items.${index}.servedAt`, message: `业务 ${item.ref} 的办理时间不对` }],
          });
        const made = task('counter', `${body.unitId}:${item.ref}`, item.business, {
          sourceId: null,
          sourceRef: item.ref,
          team: unit.name,
          unitId: body.unitId,
          utility: unit.utility,
          district: item.district,
          address: null,
          servedAt,
          residentName: item.residentName,
          phone: item.phone,
          summary: item.summary ?? null,
        });
        if (made) tasks.push(made);
      }
      await insertTasks(deps, tally, tasks);
      return {
        received: items.length,
        followups: tasks.length,
        tasks: tasks.map((t) => ({ ref: t.sourceRef, followupId: t._id })),
      };
    },
  };
}
