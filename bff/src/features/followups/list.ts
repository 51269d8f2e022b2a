import type { FollowupListQuery, FollowupPage, Role } from '@bianmin/shared';
import type { FollowupDeps } from './deps';
import type { FollowupTaskRecord } from './model';
import { toFollowupTask } from './view';

/**
 * The due list: oldest due first, paged, with the total the filters match, never cut short.
 * Filters are equalities (state, team, business type), each with an index ending in `dueAt`.
 */
export function createFollowupList(deps: FollowupDeps) {
  const { models, clock } = deps;

  async function teams(): Promise<string[]> {
    const [units, agentTeams] = await Promise.all([
      models.Unit.find({}, { name: 1 }).lean(),
      // the help desk's teams (the agents'), not the supervisors' own
      models.Agent.distinct('team', { role: 'agent' }),
    ]);
    return [...new Set([...units.map((u) => u.name), ...agentTeams.map(String)])].sort((a, b) =>
      a.localeCompare(b, 'zh-CN'),
    );
  }

  return async function list(role: Role, query: FollowupListQuery): Promise<FollowupPage> {
    const filter: Record<string, string> = {};
    if (query.state !== 'all') filter.state = query.state;
    if (query.team) filter.team = query.team;
    if (query.business) filter.business = query.business;
    const [items, total, names] = await Promise.all([
      models.FollowupTask.find(filter)
        .sort({ dueAt: 1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<FollowupTaskRecord[]>(),
      models.FollowupTask.countDocuments(filter),
      teams(),
    ]);
    const now = clock.now();
    return {
      serverTime: now.toISOString(),
      items: items.map((t) => toFollowupTask(t, role, now)),
      page: query.page,
      pageSize: query.pageSize,
      total,
      teams: names,
    };
  };
}
