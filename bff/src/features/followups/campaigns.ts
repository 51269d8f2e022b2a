import {
  daysBetween,
  workOrderTypeValues,
  type Campaign,
  type CampaignList,
  type StartCampaignBody,
  type WorkOrderType,
} from '@bianmin/shared';
import { eachOf } from '../../db/query';
import { AppError } from '../../http/errors';
import { idFor, randomId } from '../../lib/ids';
import type { HelpRequestRecord } from '../help/model';
import type { WorkOrderRecord } from '../workorders/model';
import { campaignCovers, scopeOf, scopeText } from './campaign-scope';
import type { FollowupDeps } from './deps';
import { insertTasks, servedHelp, servedOrder, taskOf, type Served } from './intake';
import { teamsOf } from './list';
import type { FollowupCampaignRecord, FollowupTaskRecord } from './model';
import type { SlotTally } from './slots';

/** The longest period a campaign may cover. */
const MAX_DAYS = 366;

/**
 * 专题回访: a supervisor starts a campaign over one business type, unit or district and a period;
 * every checked work order and resolved help request of it served in the period becomes a task
 * (or an existing task joins it), and intake adds new ones while it runs (intake.ts). Its counts
 * are the slot tallies' (by campaign), exact as the due list's totals are.
 */
export function createCampaigns(deps: FollowupDeps, tally: SlotTally) {
  const { models, clock } = deps;

  /** The records a campaign covers, read by equality on its scope's field and each status. */
  async function coveredBy(c: FollowupCampaignRecord): Promise<Served[]> {
    const scope = scopeOf(c);
    const now = clock.now();
    let orders: WorkOrderRecord[] = [];
    let helps: HelpRequestRecord[] = [];
    const orderBy: Record<string, string> | null =
      scope.kind === 'business'
        ? workOrderTypeValues.includes(scope.business as WorkOrderType)
          ? { type: scope.business }
          : null
        : scope.kind === 'team'
          ? { unitName: scope.team }
          : { district: scope.district };
    const helpBy: Record<string, string> | null =
      scope.kind === 'business'
        ? scope.business === 'complaint' || scope.business === 'payment_failed'
          ? { category: scope.business }
          : scope.business === 'help'
            ? {}
            : null
        : scope.kind === 'team'
          ? { resolvedTeam: scope.team }
          : { district: scope.district };
    if (orderBy)
      orders = await eachOf(['checked', 'closed'] as const, (status) =>
        models.WorkOrder.find({ ...orderBy, status }).lean<WorkOrderRecord[]>(),
      );
    if (helpBy)
      helps = await eachOf(['resolved', 'closed'] as const, (status) =>
        models.HelpRequest.find({ ...helpBy, status }).lean<HelpRequestRecord[]>(),
      );
    return [
      ...orders.filter((o) => o.checkedAt).map((o) => servedOrder(o, now)),
      ...helps.flatMap((h) => (h.resolvedAt ? [servedHelp({ ...h, resolvedAt: h.resolvedAt })] : [])),
    ].filter((s) => campaignCovers(c, s));
  }

  /** Every covered record a task of the campaign: new tasks made, existing ones joined to it. */
  async function take(c: FollowupCampaignRecord): Promise<void> {
    const now = clock.now();
    const tasks = (await coveredBy(c)).map((s) => taskOf(deps, s, 'campaign', c._id, now));
    const existing = await eachOf(
      tasks.map((t) => t._id),
      (_id) =>
        models.FollowupTask.find({ _id }, { campaignId: 1, dueSlot: 1 }).lean<
          Pick<FollowupTaskRecord, '_id' | 'campaignId' | 'dueSlot'>[]
        >(),
    );
    const there = new Set(existing.map((t) => t._id));
    await insertTasks(
      deps,
      tally,
      tasks.filter((t) => !there.has(t._id)),
    );
    // a task of another campaign stays in it
    const joining = existing.filter((t) => !t.campaignId);
    if (joining.length > 0)
      await tally.changing(
        joining.map((t) => t.dueSlot),
        () =>
          Promise.all(
            joining.map((t) => models.FollowupTask.updateOne({ _id: t._id }, { $set: { campaignId: c._id } })),
          ),
      );
  }

  function toCampaign(c: FollowupCampaignRecord, counts: Map<string, { tasks: number; done: number }>): Campaign {
    const scope = scopeOf(c);
    const n = counts.get(c._id) ?? { tasks: 0, done: 0 };
    return {
      id: c._id,
      name: c.name,
      scope,
      scopeText: scopeText(scope),
      from: c.from,
      to: c.to,
      state: c.state,
      tasks: n.tasks,
      done: n.done,
      createdAt: c.createdAt.toISOString(),
      createdBy: c.createdByName,
      endedAt: c.endedAt?.toISOString() ?? null,
    };
  }

  /** Each campaign's tasks and recorded ones, summed from the slot tallies. */
  async function counts(): Promise<Map<string, { tasks: number; done: number }>> {
    const out = new Map<string, { tasks: number; done: number }>();
    for (const entries of (await tally.slots(['open', 'done'])).values())
      for (const e of entries) {
        if (!e.campaignId) continue;
        const n = out.get(e.campaignId) ?? { tasks: 0, done: 0 };
        n.tasks += e.n;
        if (e.state === 'done') n.done += e.n;
        out.set(e.campaignId, n);
      }
    return out;
  }

  const one = async (id: string) => {
    const c = await models.FollowupCampaign.findById(id).lean<FollowupCampaignRecord>();
    return c ? toCampaign(c, await counts()) : null;
  };

  return {
    /** Every campaign's name by id, for the desk's rows (campaigns are few). */
    names: async (): Promise<Map<string, string>> => {
      const all = await models.FollowupCampaign.find({}, { name: 1 }).lean<
        Pick<FollowupCampaignRecord, '_id' | 'name'>[]
      >();
      return new Map(all.map((c) => [c._id, c.name]));
    },

    /** Every campaign, the running ones first, the newest first, with what the start form offers. */
    async list(): Promise<CampaignList> {
      const [all, n, teams, districts] = await Promise.all([
        models.FollowupCampaign.find({}).lean<FollowupCampaignRecord[]>(),
        counts(),
        teamsOf(models),
        models.Unit.distinct('district'),
      ]);
      all.sort(
        (a, b) =>
          Number(a.state !== 'active') - Number(b.state !== 'active') || b.createdAt.getTime() - a.createdAt.getTime(),
      );
      return {
        items: all.map((c) => toCampaign(c, n)),
        total: all.length,
        teams,
        districts: districts.map(String).sort((a, b) => a.localeCompare(b, 'zh-CN')),
      };
    },

    /**
     * Starts a campaign: saved first (so records served from now on join it at intake), then every
     * record it covers taken.
     */
    async start(who: { id: string; name: string }, body: StartCampaignBody): Promise<Campaign> {
      if (daysBetween(body.from, body.to) >= MAX_DAYS) throw new AppError('CAMPAIGN_PERIOD_INVALID');
      const scope = body.scope;
      const c: FollowupCampaignRecord = {
        _id: idFor(`campaign:${randomId()}`),
        name: body.name,
        scope: {
          kind: scope.kind,
          business: scope.kind === 'business' ? scope.business : null,
          team: scope.kind === 'team' ? scope.team : null,
          district: scope.kind === 'district' ? scope.district : null,
        },
        from: body.from,
        to: body.to,
        state: 'active',
        createdAt: clock.now(),
        createdById: who.id,
        createdByName: who.name,
        endedAt: null,
      };
      await models.FollowupCampaign.create(c);
      await take(c);
      return (await one(c._id)) ?? toCampaign(c, new Map());
    },

    /** Ends a campaign: no new records join it; its tasks stay on the desk until recorded. */
    async end(id: string): Promise<Campaign | null> {
      const c = await models.FollowupCampaign.findById(id).lean<FollowupCampaignRecord>();
      if (!c) return null;
      if (c.state === 'ended') throw new AppError('CAMPAIGN_ENDED');
      await models.FollowupCampaign.updateOne({ _id: id }, { $set: { state: 'ended', endedAt: clock.now() } });
      return one(id);
    },
  };
}

export type Campaigns = ReturnType<typeof createCampaigns>;
