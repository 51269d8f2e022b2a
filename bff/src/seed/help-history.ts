import {
  addDays,
  beijingDay,
  beijingMidnight,
  beijingParts,
  cityDistricts,
  type HelpCategory,
  type Satisfaction,
} from '@bianmin/shared';
import type { Config } from '../config';
import type { Models } from '../db/models';
import { insertNew } from '../db/query';
import { deadlines, priorityOf, rankOf } from '../features/help/sla';
import type { HelpRequestRecord } from '../features/help/model';
import { markStale } from '../features/help/rollups';
import { DEMO_HELP_STAFF } from './help';
import { dice, residentName, type Dice } from './random';

/** Days of history the demo keeps: a year through today. */
export const HISTORY_DAYS = 365;
/** Every seeded request's `createKey` starts so: `demo-history:<day>:<n>`. */
export const HELP_HISTORY_KEY = 'demo-history:';

const HOUR_WEIGHTS = [1, 0, 0, 0, 0, 1, 2, 5, 9, 12, 12, 10, 7, 7, 9, 10, 9, 8, 8, 10, 11, 8, 5, 2];
const SUMMARIES: Record<HelpCategory | 'none', string[]> = {
  payment_failed: ['已查明银行扣款延迟，款项已到账', '已退回重复扣款'],
  bill_question: ['已解释阶梯计价', '已核对读数，账单无误', '已更正抄表读数'],
  outage: ['已告知抢修进度，已恢复', '属计划停电，已告知恢复时间'],
  gas_smell: ['已派抢修班上门，已关阀处理', '已上门检查，无泄漏'],
  complaint: ['已转单位处理并回复居民', '已致歉并说明改进'],
  other: ['已解答', '已帮助绑定户号'],
  none: ['已解答'],
};

/** The categories of a day: outages in summer storms, gas in the heating season. */
function categoryWeights(month: number): Record<HelpCategory | 'none', number> {
  const summer = month >= 6 && month <= 8;
  const heating = month >= 11 || month <= 2;
  return {
    bill_question: 26,
    payment_failed: 17,
    outage: summer ? 22 : 9,
    gas_smell: heating ? 7 : 2,
    complaint: 11,
    other: 11,
    none: 12,
  };
}

interface Agent {
  id: string;
  name: string;
  team: string;
  grid: boolean;
}

/** One resolved (or cancelled) request of the past, as the help service would have left it. */
function requestOf(d: Dice, day: string, n: number, progress: number, agents: Agent[], config: Config) {
  const month = Number(day.slice(5, 7));
  const hour = Number(d.weighted(Object.fromEntries(HOUR_WEIGHTS.map((w, h) => [String(h), w]))));
  const createdAt = new Date(beijingMidnight(day).getTime() + (hour * 3600 + d.int(0, 3599)) * 1000);
  const drawn = d.weighted(categoryWeights(month));
  const category = drawn === 'none' ? null : drawn;
  const elder = d.chance(0.22);
  const priority = priorityOf(category, elder);
  const district = d.chance(0.08)
    ? null
    : d.weighted(Object.fromEntries(cityDistricts.map((c, i) => [c, i < 3 ? 4 : 2])));
  const byGrid = (district === '东城区' || district === '西城区') && d.chance(0.6);
  const agent = byGrid ? agents.find((a) => a.grid) : d.pick(agents.filter((a) => !a.grid));
  const due = deadlines(config.help.slaOverrides, { category, priority, createdAt, pausedMs: 0 });
  const base = {
    rev: 4,
    userId: `demo-history-resident-${d.int(1, 600)}`,
    createKey: `${HELP_HISTORY_KEY}${day}:${n}`,
    residentName: residentName(d),
    elder,
    category,
    priority,
    rank: rankOf(priority, false),
    district,
    offeredTo: byGrid ? 'grid' : 'pool',
    ...due,
    pausedMs: 0,
    createdAt,
  };
  if (!agent || d.chance(0.03)) {
    const at = new Date(createdAt.getTime() + d.int(20, 90) * 1000);
    return { ...base, status: 'closed', cancelledAt: at, closedAt: at, updatedAt: at };
  }
  // the team answers faster as the year goes on, and danger fastest
  const speed = priority === 'danger' ? 0.5 : 1;
  const first = Math.max(8, d.around(75 * speed * (1.2 - 0.4 * progress), 0.6));
  const firstResponseAt = new Date(createdAt.getTime() + first * 1000);
  const pausedMs = d.chance(0.15) ? Math.round(d.around(600, 0.7) * 1000) : 0;
  const work = Math.max(60, d.around(category === 'complaint' ? 5 * 3600 : 35 * 60, 0.9));
  const resolvedAt = new Date(firstResponseAt.getTime() + work * 1000 + pausedMs);
  const unhappy = 0.16 - 0.08 * progress + (category === 'complaint' ? 0.12 : 0) + (agent.grid ? -0.03 : 0);
  const answered = d.chance(0.68);
  const satisfaction: Satisfaction = d.chance(Math.max(0.02, unhappy)) ? (d.chance(0.6) ? 'average' : 'poor') : 'good';
  const surveyAt = new Date(resolvedAt.getTime() + d.int(60, 7200) * 1000);
  const pausedDue = deadlines(config.help.slaOverrides, { category, priority, createdAt, pausedMs });
  return {
    ...base,
    ...pausedDue,
    pausedMs,
    status: 'closed',
    assignedAgentId: agent.id,
    assignedAgentName: agent.name,
    assignedTeam: agent.team,
    assignedAt: new Date(createdAt.getTime() + Math.min(first, d.int(5, 30)) * 1000),
    firstResponseAt,
    escalated: {
      first_response: firstResponseAt > pausedDue.firstResponseDueAt ? pausedDue.firstResponseDueAt : null,
      resolution: resolvedAt > pausedDue.resolutionDueAt ? pausedDue.resolutionDueAt : null,
    },
    resolvedAt,
    resolvedById: agent.id,
    resolvedTeam: agent.team,
    resolutionSummary: d.pick(SUMMARIES[drawn]),
    surveyAskedAt: resolvedAt,
    survey: answered
      ? { onTime: satisfaction === 'good' || d.chance(0.5), satisfaction, suggestion: null, at: surveyAt }
      : null,
    closedAt: answered ? surveyAt : resolvedAt,
    updatedAt: answered ? surveyAt : resolvedAt,
  };
}

/** How many requests a day brings: fewer at weekends, more in summer and in the heating season. */
function countOf(d: Dice, day: string): number {
  const weekend = beijingParts(beijingMidnight(day)).weekday >= 6;
  const month = Number(day.slice(5, 7));
  const season = month >= 6 && month <= 8 ? 1.3 : month === 12 || month <= 2 ? 1.2 : 1;
  return Math.round((weekend ? 1 : 2) * season * (0.5 + d.next()));
}

/**
 * A year of finished help requests through today (varied categories, districts, hours, answer
 * and resolution times, surveys), so the supervisor's report has history from the first start.
 * Idempotent per day: a day that has its requests is left alone, a missing one is added, so a
 * demo started again weeks later gets the weeks between. Only what has happened by `now`.
 */
export async function seedHelpHistory(models: Models, config: Config, now: Date): Promise<number> {
  const staff = await models.Agent.find(
    { username: { $in: DEMO_HELP_STAFF.filter((s) => s.team !== '班长').map((s) => s.username) } },
    { username: 1, displayName: 1 },
  ).lean();
  const agents: Agent[] = staff.map((a) => {
    const help = DEMO_HELP_STAFF.find((s) => s.username === a.username);
    return {
      id: String(a._id),
      name: a.displayName,
      team: help?.team ?? '综合服务组',
      grid: (help?.grids.length ?? 0) > 0,
    };
  });
  if (agents.length === 0) return 0;
  const seeded = new Set(
    (
      await models.HelpRequest.find({ createKey: { $regex: `^${HELP_HISTORY_KEY}.*:0$` } }, { createKey: 1 }).lean()
    ).map((r) => r.createKey.slice(HELP_HISTORY_KEY.length, HELP_HISTORY_KEY.length + 10)),
  );
  const today = beijingDay(now);
  const docs: Array<Partial<HelpRequestRecord>> = [];
  for (let i = HISTORY_DAYS - 1; i >= 0; i -= 1) {
    const day = addDays(today, -i);
    if (seeded.has(day)) continue;
    const d = dice(`help:${day}`);
    const count = countOf(d, day);
    const progress = 1 - i / HISTORY_DAYS;
    for (let n = 0; n < count; n += 1) {
      const doc = requestOf(d, day, n, progress, agents, config);
      // today only up to now, and nothing still open: the live queue stays the demo user's own
      const end = doc.closedAt.getTime();
      if (end <= now.getTime()) docs.push(doc as Partial<HelpRequestRecord>);
    }
  }
  // another instance seeding at the same time: its copies of a day won, ours are dropped
  await insertNew(models.HelpRequest, docs, 1000);
  // the reports' rollups of those days are made, whole, by the next run of their job
  const days = docs.flatMap((doc) => [doc.createdAt, doc.resolvedAt].filter((at) => at instanceof Date));
  await markStale(
    models,
    { now: () => now },
    days.map((at) => beijingDay(at)),
  );
  return docs.length;
}
