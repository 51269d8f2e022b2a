import type { FollowupBusiness, HelpCategory, RegisterServicesBody, RegisterServicesResult } from '@bianmin/shared';
import { insertNew } from '../../db/query';
import { AppError } from '../../http/errors';
import { idFor } from '../../lib/ids';
import type { HelpRequestRecord } from '../help/model';
import type { UnitRecord } from '../units/model';
import type { WorkOrderRecord } from '../workorders/model';
import { campaignCovers } from './campaign-scope';
import type { FollowupDeps } from './deps';
import { dueSlotOf, type SlotTally } from './slots';
import type { FollowupCampaignRecord, FollowupTaskRecord } from './model';
import { followupReason } from './sampling';

/** The team (班组) of a help request nobody's team was written on. */
const DESK_TEAM = '客服中心';

function businessOfHelp(category: HelpCategory | null | undefined): FollowupBusiness {
  if (category === 'complaint') return 'complaint';
  if (category === 'payment_failed') return 'payment_failed';
  return 'help';
}

/** A served record as a task is made of it: everything but what sampling and the window decide. */
export type Served = Omit<
  FollowupTaskRecord,
  '_id' | 'source' | 'business' | 'reason' | 'dueAt' | 'dueSlot' | 'campaignId' | 'state' | 'result' | 'createdAt'
> & { source: FollowupTaskRecord['source']; recordId: string; business: FollowupBusiness };

/** A work order whose 回单 was accepted (对单通过), as served: its unit is the team. */
export function servedOrder(order: WorkOrderRecord, now: Date): Served {
  const id = String(order._id);
  return {
    source: 'workorder',
    recordId: id,
    business: order.type,
    sourceId: id,
    sourceRef: order.no,
    team: order.unitName ?? DESK_TEAM,
    unitId: order.unitId ?? null,
    utility: order.utility,
    district: order.district,
    address: order.address,
    servedAt: order.completedAt ?? order.report?.at ?? now,
    residentName: order.residentName,
    phone: order.residentPhone ?? null,
    summary: order.report?.summary ?? null,
  };
}

/** A resolved help request, as served: the resolving agent's team is the team. */
export function servedHelp(doc: HelpRequestRecord & { resolvedAt: Date }): Served {
  const id = String(doc._id);
  return {
    source: 'help',
    recordId: id,
    business: businessOfHelp(doc.category),
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
  };
}

/** The task of a served record: due within the window of the service, or of `notBefore`. */
export function taskOf(
  deps: FollowupDeps,
  served: Served,
  reason: FollowupTaskRecord['reason'],
  campaignId: string | null,
  notBefore?: Date,
): FollowupTaskRecord {
  const { source, recordId, ...fields } = served;
  const { windowMs } = deps.settings;
  const dueAt = new Date(Math.max(served.servedAt.getTime(), notBefore?.getTime() ?? 0) + windowMs);
  return {
    _id: idFor(`${source}:${recordId}`),
    source,
    ...fields,
    reason,
    dueAt,
    dueSlot: dueSlotOf(dueAt),
    campaignId,
    state: 'open',
    result: null,
    createdAt: deps.clock.now(),
  };
}

/** Inserts tasks, skipping the ones already there (a record is a task at most once). */
export async function insertTasks(deps: FollowupDeps, tally: SlotTally, tasks: FollowupTaskRecord[]): Promise<void> {
  if (tasks.length === 0) return;
  await tally.changing(
    tasks.map((t) => t.dueSlot),
    () => insertNew(deps.models.FollowupTask, tasks),
  );
}

/**
 * Where follow-up tasks come from: a work order checked after its 回单 (对单通过), a help request
 * resolved, and counter services registered from a unit's business system. Each record is
 * sampled by its business type (sampling.ts), fixed by its id, unless a running 专题回访 covers
 * it: then it is followed up whatever the sample says, marked with the campaign.
 */
export function createFollowupIntake(deps: FollowupDeps, tally: SlotTally) {
  const { clock, settings, models } = deps;

  /** The running campaigns (a handful: one small read by equality per intake). */
  const running = () =>
    models.FollowupCampaign.find({ state: 'active' }).sort({ createdAt: 1 }).lean<FollowupCampaignRecord[]>();

  /** The tasks of the served records that are sampled or in a running campaign. */
  async function tasksOf(served: Served[]): Promise<FollowupTaskRecord[]> {
    const campaigns = served.length > 0 ? await running() : [];
    const tasks: FollowupTaskRecord[] = [];
    for (const s of served) {
      const campaign = campaigns.find((c) => campaignCovers(c, s));
      const reason = followupReason(settings.shares, s.business, s.recordId) ?? (campaign ? 'campaign' : null);
      if (reason) tasks.push(taskOf(deps, s, reason, campaign?._id ?? null));
    }
    return tasks;
  }
  const take = async (served: Served) => insertTasks(deps, tally, await tasksOf([served]));

  return {
    /** A work order whose 回单 was accepted (对单通过). */
    fromOrder: (order: WorkOrderRecord): Promise<void> => take(servedOrder(order, clock.now())),

    /** A resolved help request. */
    async fromHelp(doc: HelpRequestRecord): Promise<void> {
      if (doc.resolvedAt) await take(servedHelp({ ...doc, resolvedAt: doc.resolvedAt }));
    },

    /**
     * Counter services (前台营业, 抄表 at a 营业所) from the unit's business system: each served
     * within the follow-up window, the same reference registered twice is one record.
     */
    async register(body: RegisterServicesBody): Promise<RegisterServicesResult> {
      const unit = await models.Unit.findById(body.unitId).lean<UnitRecord>();
      if (!unit) throw new AppError('FOLLOWUP_UNIT_INVALID');
      const now = clock.now().getTime();
      const items = [...new Map(body.items.map((i) => [i.ref, i])).values()];
      const served: Served[] = [];
      for (const [index, item] of items.entries()) {
        const servedAt = new Date(item.servedAt);
        if (servedAt.getTime() > now || servedAt.getTime() < now - settings.windowMs)
          throw new AppError('FOLLOWUP_SERVED_AT_INVALID', undefined, {
            details: [{ path: `items.${index}.servedAt`, message: `业务 ${item.ref} 的办理时间不对` }],
          });
        served.push({
          source: 'counter',
          recordId: `${body.unitId}:${item.ref}`,
          business: item.business,
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
      }
      const tasks = await tasksOf(served);
      await insertTasks(deps, tally, tasks);
      return {
        received: items.length,
        followups: tasks.length,
        tasks: tasks.map((t) => ({ ref: t.sourceRef, followupId: t._id })),
      };
    },
  };
}
