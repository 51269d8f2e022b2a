import {
  addDays,
  beijingDay,
  beijingMidnight,
  beijingParts,
  DAY_MS,
  monthDayText,
  helpCategoryLabels,
  helpCategoryValues,
  helpPriorityLabels,
  helpPriorityValues,
  type HelpReport,
  type HotspotCount,
  type ReportCount,
  type SatisfactionFigure,
  type SlaFigure,
  type TrendPoint,
} from '@bianmin/shared';
import type { Clock } from '../../lib/clock';
import { histogramStats, NONE, sumCounts, sumHours, type Surveyed } from './rollup';
import type { Piece, Rollups } from './rollups';

const rate = (met: number, total: number) => (total === 0 ? null : met / total);

/** 1 − (average + poor) / surveyed; unanswered surveys count as not dissatisfied. */
function satisfaction(counts: Surveyed[]): SatisfactionFigure {
  const sum = (k: keyof Surveyed) => counts.reduce((n, c) => n + c[k], 0);
  const surveyed = sum('surveyed');
  const good = sum('good');
  const average = sum('average');
  const poor = sum('poor');
  return {
    surveyed,
    answered: good + average + poor,
    good,
    average,
    poor,
    rate: surveyed === 0 ? null : 1 - (average + poor) / surveyed,
  };
}

const teamsOf = (pieces: Piece[]) => pieces.flatMap((p) => Object.keys(p.resolved.teams));
const surveyedOf = (pieces: Piece[], team?: string) =>
  pieces.flatMap((p) => {
    const teams = p.resolved.teams;
    return team === undefined ? Object.values(teams) : teams[team] ? [teams[team]] : [];
  });

/**
 * The period step by step in Beijing days, or in weeks when it is longer than 31 days: requests
 * created in each step, and the satisfaction of those resolved in it.
 */
function trendOf(from: Date, to: Date, period: Piece[]): HelpReport['trend'] {
  const first = beijingDay(from);
  const origin = beijingMidnight(first).getTime();
  const days = Math.max(1, Math.ceil((to.getTime() - origin) / DAY_MS));
  const step = days > 31 ? 'week' : 'day';
  const size = step === 'week' ? 7 : 1;
  const points: TrendPoint[] = [];
  for (let i = 0; i * size < days; i += 1) {
    const day = addDays(first, i * size);
    const here = period.filter((p) => Math.floor((p.start - origin) / (size * DAY_MS)) === i);
    points.push({
      day,
      label: step === 'week' ? `${monthDayText(day)}起` : monthDayText(day),
      count: here.reduce((n, p) => n + p.created.total, 0),
      resolved: here.reduce((n, p) => n + p.resolved.hour.reduce((a, b) => a + b, 0), 0),
      satisfaction: satisfaction(surveyedOf(here)).rate,
    });
  }
  return { step, points };
}

/** The Beijing days from the one holding `from` to the one holding the last instant before `to`. */
function daysFrom(from: number, to: number): string[] {
  const days: string[] = [];
  for (let day = beijingDay(from); day <= beijingDay(to - 1); day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The report figures, merged from the daily rollups (help/rollups.ts) of the period, the
 * previous period and the hotspots' fortnight; only deadlines of requests still running are
 * judged here, against the clock.
 */
export function createReports({ clock, rollups }: { clock: Clock; rollups: Rollups }) {
  return async function report(fromText: string, toText: string): Promise<HelpReport> {
    const from = new Date(fromText);
    const to = new Date(toText);
    const now = clock.now().getTime();
    const length = to.getTime() - from.getTime();
    const prevFrom = new Date(from.getTime() - length);
    const hotFrom = to.getTime() - 14 * DAY_MS;
    const weekStart = to.getTime() - 7 * DAY_MS;
    const cuts = [prevFrom.getTime(), from.getTime(), hotFrom, weekStart, to.getTime()];
    // and today, whatever the period, for the hour-by-hour figures of today
    const days = [...daysFrom(Math.min(prevFrom.getTime(), hotFrom), to.getTime()), beijingDay(now)];
    const all = await rollups.pieces(days, cuts);
    const within = (a: number, b: number) => all.filter((p) => p.start >= a && p.end <= b);
    const period = within(from.getTime(), to.getTime());
    const previous = within(prevFrom.getTime(), from.getTime());
    const created = period.map((p) => p.created);

    const total = created.reduce((n, c) => n + c.total, 0);
    const cats = sumCounts(created.map((c) => c.category));
    const byCategory: ReportCount[] = [...helpCategoryValues, NONE].map((key) => ({
      key,
      label: key === NONE ? '未选原因' : helpCategoryLabels[key as keyof typeof helpCategoryLabels],
      count: cats.get(key) ?? 0,
    }));
    const prios = sumCounts(created.map((c) => c.priority));
    const byPriority = helpPriorityValues.map((key) => ({
      key,
      label: helpPriorityLabels[key],
      count: prios.get(key) ?? 0,
    }));
    const byDistrict = [...sumCounts(created.map((c) => c.district))]
      .map(([key, count]) => ({ key, label: key, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const hours = sumHours(created.map((c) => c.hour));
    const byHour = hours.map((count, hour) => ({ hour, count }));

    const sum = (k: 'answered' | 'firstMet' | 'resolved' | 'resolvedMet') => created.reduce((n, c) => n + c[k], 0);
    const passed = (k: 'firstDue' | 'resolutionDue') =>
      created.reduce((n, c) => n + c[k].filter((due) => due <= now).length, 0);
    const sla = (met: number, decided: number): SlaFigure => ({ met, total: decided, rate: rate(met, decided) });
    const frs = sla(sum('firstMet'), sum('answered') + passed('firstDue'));
    const res = sla(sum('resolvedMet'), sum('resolved') + passed('resolutionDue'));

    const teams = [...new Set([...teamsOf(period), ...teamsOf(previous)])].sort();
    const hot = within(hotFrom, to.getTime());
    const hotspot = (counts: (p: Piece) => Record<string, number>, label: (k: string) => string): HotspotCount[] => {
      const map = new Map<string, HotspotCount>();
      for (const p of hot) {
        for (const [k, n] of Object.entries(counts(p))) {
          const entry = map.get(k) ?? { key: k, label: label(k), thisWeek: 0, lastWeek: 0 };
          if (p.start >= weekStart) entry.thisWeek += n;
          else entry.lastWeek += n;
          map.set(k, entry);
        }
      }
      return [...map.values()]
        .sort((a, b) => b.thisWeek - a.thisWeek || b.lastWeek - a.lastWeek || a.key.localeCompare(b.key))
        .slice(0, 10);
    };

    const share = (count: number) => ({ count, total, rate: rate(count, total) });
    const today = beijingDay(now);
    const todayStart = beijingMidnight(today).getTime();
    const todays = all.filter((p) => p.start >= todayStart && p.end <= todayStart + DAY_MS);
    const todayCreated = sumHours(todays.map((p) => p.created.hour));
    const todayMet = sumHours(todays.map((p) => p.created.hourFirstMet));
    const todayResolved = sumHours(todays.map((p) => p.resolved.hour));
    const repeats = sumCounts(created.map((c) => c.repeats));
    const repeatLabels = Object.assign({}, ...created.map((c) => c.repeatLabels)) as Record<string, string>;

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      timeZone: 'Asia/Shanghai',
      total,
      byCategory,
      byPriority,
      byDistrict,
      byHour,
      firstResponse: histogramStats(created.map((c) => c.firstResponse)),
      resolution: histogramStats(created.map((c) => c.resolution)),
      sla: {
        firstResponse: frs,
        resolution: res,
        overall: sla(frs.met + res.met, frs.total + res.total),
      },
      satisfaction: {
        ...satisfaction(surveyedOf(period)),
        byTeam: teams.map((team) => ({
          team,
          ...satisfaction(surveyedOf(period, team)),
          previous: satisfaction(surveyedOf(previous, team)),
        })),
        previous: { from: prevFrom.toISOString(), to: from.toISOString(), ...satisfaction(surveyedOf(previous)) },
      },
      trend: trendOf(from, to, period),
      hotspots: {
        categories: hotspot(
          (p) => Object.fromEntries(Object.entries(p.created.category).filter(([k]) => k !== NONE)),
          (k) => helpCategoryLabels[k as keyof typeof helpCategoryLabels],
        ),
        districts: hotspot(
          (p) => p.created.complaintDistrict,
          (k) => k,
        ),
      },
      rates: {
        answered: share(sum('firstMet')),
        resolved: share(sum('resolved')),
        complaints: share(cats.get('complaint') ?? 0),
      },
      today: {
        day: today,
        hours: Array.from({ length: beijingParts(now).hour + 1 }, (_, hour) => {
          const made = todayCreated[hour] ?? 0;
          const inTime = todayMet[hour] ?? 0;
          return {
            hour,
            created: made,
            answeredInTime: inTime,
            answeredRate: rate(inTime, made),
            resolved: todayResolved[hour] ?? 0,
          };
        }),
      },
      repeats: {
        count: [...repeats.values()].reduce((a, b) => a + b, 0),
        top: [...repeats]
          .map(([key, count]) => {
            const category = key.slice(0, key.indexOf('|'));
            const label = helpCategoryLabels[category as keyof typeof helpCategoryLabels];
            return { key, label: `${repeatLabels[key] ?? ''} · ${label}`, category, count };
          })
          .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
          .slice(0, 10),
      },
    };
  };
}
