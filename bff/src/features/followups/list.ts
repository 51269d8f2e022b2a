import type { FollowupListQuery, FollowupPage, Role } from '@bianmin/shared';
import type { SlotTally, TallyEntry, TaskState } from './slots';
import type { FollowupDeps } from './deps';
import type { FollowupTaskRecord } from './model';
import { toFollowupTask } from './view';

/** The teams (班组) follow-ups are kept for: the units and the help desk's agent teams. */
export async function teamsOf(models: FollowupDeps['models']): Promise<string[]> {
  const [units, agentTeams] = await Promise.all([
    models.Unit.find({}, { name: 1 }).lean(),
    // the help desk's teams (the agents'), not the supervisors' own
    models.Agent.distinct('team', { role: 'agent' }),
  ]);
  return [...new Set([...units.map((u) => u.name), ...agentTeams.map(String)])].sort((a, b) =>
    a.localeCompare(b, 'zh-CN'),
  );
}

/**
 * The due list: oldest due first, paged, with the total the filters match, never cut short.
 * Filters are equalities (state, team, business type, campaign). The slot tallies (slots.ts) give each due
 * hour's count under the filters, so a page skips whole hours and the total is their sum; only
 * the hour (or two) a page falls in is read, by equality on `dueSlot`, and sorted there.
 */
export function createFollowupList(
  deps: FollowupDeps,
  tally: SlotTally,
  campaignNames: () => Promise<Map<string, string>>,
) {
  const { models, clock } = deps;

  /** The page's tasks and the total: whole hours skipped by their counts, the rest read by hour. */
  async function window(query: FollowupListQuery): Promise<{ items: FollowupTaskRecord[]; total: number }> {
    const states: TaskState[] = query.state === 'all' ? ['open', 'done'] : [query.state];
    const matches = (e: TallyEntry) =>
      (!query.team || e.team === query.team) &&
      (!query.business || e.business === query.business) &&
      (!query.campaign || e.campaignId === query.campaign);
    const perSlot: Array<[string, number]> = [];
    let total = 0;
    for (const [slot, entries] of await tally.slots(states)) {
      const n = entries.reduce((sum, e) => sum + (matches(e) ? e.n : 0), 0);
      if (n > 0) perSlot.push([slot, n]);
      total += n;
    }
    const filter: Record<string, string> = {};
    if (query.state !== 'all') filter.state = query.state;
    if (query.team) filter.team = query.team;
    if (query.business) filter.business = query.business;
    if (query.campaign) filter.campaignId = query.campaign;
    let skip = (query.page - 1) * query.pageSize;
    const items: FollowupTaskRecord[] = [];
    for (const [slot, n] of perSlot) {
      if (items.length >= query.pageSize) break;
      if (skip >= n) {
        skip -= n;
        continue;
      }
      items.push(
        ...(await models.FollowupTask.find({ dueSlot: slot, ...filter })
          .sort({ dueAt: 1, _id: 1 })
          .skip(skip)
          .limit(query.pageSize - items.length)
          .lean<FollowupTaskRecord[]>()),
      );
      skip = 0;
    }
    return { items, total };
  }

  return async function list(role: Role, query: FollowupListQuery): Promise<FollowupPage> {
    const [{ items, total }, names, campaigns] = await Promise.all([window(query), teamsOf(models), campaignNames()]);
    const now = clock.now();
    return {
      serverTime: now.toISOString(),
      items: items.map((t) => toFollowupTask(t, role, now, campaigns)),
      page: query.page,
      pageSize: query.pageSize,
      total,
      teams: names,
    };
  };
}
