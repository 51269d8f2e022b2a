import type { Assessment, AssessmentFigures, HelpReport, Rate, ReportCount } from '@bianmin/shared';
import type { ChartOption } from '../../../components/Chart';
import { percent, percentValue } from '../../../lib/figures';

/**
 * What the supervisor's charts draw, and the sentence each is read out as. Pure functions of the
 * report, so the words can be checked without drawing anything.
 */

/** A count's share of the total: 「投诉 12 条（30.00%）」. */
export function shareText(row: { label: string; count: number }, total: number): string {
  return `${row.label} ${row.count} 条（${percent(total === 0 ? null : row.count / total)}）`;
}

/** The categories with requests, largest first. */
export function categoryShares(rows: readonly ReportCount[]): ReportCount[] {
  return rows.filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
}

/**
 * 各类问题的占比 as a donut: the names in the legend under it, each slice labelled with its share
 * (short, so a label is never cut on a phone in 长辈模式).
 */
export function categoryPie(rows: readonly ReportCount[]): ChartOption {
  const shown = categoryShares(rows);
  const total = shown.reduce((n, r) => n + r.count, 0);
  return {
    legend: { bottom: 0, data: shown.map((r) => r.label) },
    series: [
      {
        type: 'pie',
        // small enough that a share beside the ring fits a phone's card in 长辈模式
        radius: ['24%', '42%'],
        center: ['50%', '40%'],
        avoidLabelOverlap: true,
        labelLayout: { hideOverlap: true },
        labelLine: { length: 8, length2: 8 },
        label: {
          overflow: 'none',
          formatter: (p: { value: unknown }) => percent(total === 0 ? null : Number(p.value) / total),
        },
        data: shown.map((r) => ({ name: r.label, value: r.count })),
      },
    ],
  };
}

/** A long name on an axis in two lines, so every name shows under its bars. */
const twoLines = (name: string) => (name.length > 5 ? `${name.slice(0, 4)}\n${name.slice(4)}` : name);

export function categorySummary(rows: readonly ReportCount[]): string {
  const shown = categoryShares(rows);
  const total = shown.reduce((n, r) => n + r.count, 0);
  if (total === 0) return '各类问题的占比：这段时间没有求助。';
  return `各类问题的占比：${shown.map((r) => shareText(r, total)).join('，')}。`;
}

/** Requests per hour of the Beijing day, as bars. */
export function hourBars(byHour: HelpReport['byHour']): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: byHour.map((h) => `${h.hour}`), axisLabel: { interval: 'auto' } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: '求助', data: byHour.map((h) => h.count) }],
  };
}

export function hourSummary(byHour: HelpReport['byHour']): string {
  const busy = byHour.filter((h) => h.count > 0).sort((a, b) => b.count - a.count || a.hour - b.hour);
  if (busy.length === 0) return '按时段：这段时间没有求助。';
  const top = busy.slice(0, 3).map((h) => `${h.hour} 点 ${h.count} 条`);
  return `按时段：最忙的是 ${top.join('，')}。`;
}

/** Counts on the left axis, a rate in percent on the right. */
const COUNT_AND_RATE_AXES: ChartOption['yAxis'] = [
  { type: 'value', minInterval: 1 },
  { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
];
/** A rate drawn as a line against the right axis, to two decimals of a percent. */
const rateLine = (name: string, rates: Array<number | null>) => ({
  type: 'line' as const,
  name,
  yAxisIndex: 1,
  connectNulls: true,
  data: rates.map(percentValue),
});

/** 分时段实时指标: today's hours, requests made and resolved as bars, 接通率 as a line (right axis). */
export function todayChart(today: HelpReport['today']): ChartOption {
  return {
    legend: { top: 0, data: ['求助', '办结', '接通率'] },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: today.hours.map((h) => `${h.hour}`) },
    yAxis: COUNT_AND_RATE_AXES,
    series: [
      { type: 'bar', name: '求助', data: today.hours.map((h) => h.created) },
      { type: 'bar', name: '办结', data: today.hours.map((h) => h.resolved) },
      rateLine(
        '接通率',
        today.hours.map((h) => h.answeredRate),
      ),
    ],
  };
}

export function todaySummary(today: HelpReport['today']): string {
  const made = today.hours.reduce((n, h) => n + h.created, 0);
  if (made === 0) return '今天：还没有求助。';
  const inTime = today.hours.reduce((n, h) => n + h.answeredInTime, 0);
  const resolved = today.hours.reduce((n, h) => n + h.resolved, 0);
  return `今天：求助 ${made} 条，按时接通 ${inTime} 条（${percent(inTime / made)}），办结 ${resolved} 条。`;
}

/** The period step by step: requests as bars, the satisfaction of the step as a line (right axis). */
export function trendChart(trend: HelpReport['trend']): ChartOption {
  return {
    legend: { top: 0, data: ['求助', '满意率'] },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: trend.points.map((p) => p.label.replace(/起$/, '')) },
    yAxis: COUNT_AND_RATE_AXES,
    series: [
      { type: 'bar', name: '求助', data: trend.points.map((p) => p.count) },
      rateLine(
        '满意率',
        trend.points.map((p) => p.satisfaction),
      ),
    ],
  };
}

export function trendSummary(trend: HelpReport['trend']): string {
  const step = trend.step === 'day' ? '每天' : '每周';
  const points = trend.points;
  const total = points.reduce((n, p) => n + p.count, 0);
  if (total === 0) return `${step}的求助：这段时间没有求助。`;
  const peak = points.reduce((a, b) => (b.count > a.count ? b : a));
  const last = points[points.length - 1];
  return `${step}的求助：共 ${points.length} 段，${total} 条；最多是 ${peak.label} ${peak.count} 条${
    last ? `，最近是 ${last.label} ${last.count} 条，满意率 ${percent(last.satisfaction)}` : ''
  }。`;
}

type Team = HelpReport['satisfaction']['byTeam'][number];

/**
 * Rates side by side per row (this period beside another), as bars. The axis starts a point
 * below the lowest rate when all are high, so 99.39% and 99.86% do not look the same; its
 * figures are on the axis and written under the chart.
 */
export function rateBars(
  rows: ReadonlyArray<{ label: string; now: number | null; before: number | null }>,
  names: readonly [string, string],
): ChartOption {
  const values = rows.flatMap((r) => [r.now, r.before]).filter((v): v is number => v !== null);
  const low = values.length > 0 ? Math.min(...values) * 100 : 0;
  const min = low > 50 ? Math.max(0, Math.floor(low - 1)) : 0;
  return {
    legend: { top: 0, data: [...names] },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, formatter: twoLines } },
    yAxis: { type: 'value', min, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { type: 'bar', name: names[0], data: rows.map((r) => percentValue(r.now)) },
      { type: 'bar', name: names[1], data: rows.map((r) => percentValue(r.before)) },
    ],
  };
}

/** Satisfaction per team, this period beside the previous one. */
export function teamBars(teams: readonly Team[]): ChartOption {
  return rateBars(
    teams.map((t) => ({ label: t.team, now: t.rate, before: t.previous.rate })),
    ['本期', '上期'],
  );
}

export function teamSummary(teams: readonly Team[]): string {
  if (teams.length === 0) return '各组满意率：这段时间没有办结的求助。';
  return `各组满意率，本期与上期：${teams
    .map((t) => `${t.team} ${percent(t.rate)}，上期 ${percent(t.previous.rate)}`)
    .join('；')}。`;
}

type Unit = Assessment['units'][number];
type RateOf = (f: AssessmentFigures) => Rate;

/** The units ranked by one rate of this period (unmeasured last), then by the previous one; best first. */
export function rankedBy(units: readonly Unit[], pick: RateOf): Unit[] {
  const key = (f: AssessmentFigures) => pick(f).rate ?? -1;
  return [...units].sort((a, b) => key(b.current) - key(a.current) || key(b.previous) - key(a.previous));
}

/** Ranked horizontal bars of one rate per unit: this period, and the previous one beneath it. */
export function unitBars(units: readonly Unit[], pick: RateOf): ChartOption {
  const ranked = rankedBy(units, pick);
  const label = {
    show: true,
    position: 'right' as const,
    formatter: (p: { value: unknown }) => (p.value === null ? '—' : `${Number(p.value).toFixed(2)}%`),
  };
  return {
    legend: { top: 0, data: ['本期', '上期'] },
    // room on the right for the figure of a full bar (「100.00%」, larger in 长辈模式)
    grid: { left: 8, right: '24%', top: 40, bottom: 8, containLabel: true },
    // each bar carries its figure; axis figures would crowd a phone's width
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { show: false } },
    yAxis: { type: 'category', inverse: true, data: ranked.map((u, i) => `${i + 1}. ${u.unit.name}`) },
    series: [
      { type: 'bar', name: '本期', label, data: ranked.map((u) => percentValue(pick(u.current).rate)) },
      { type: 'bar', name: '上期', label, data: ranked.map((u) => percentValue(pick(u.previous).rate)) },
    ],
  };
}

export function unitSummary(title: string, units: readonly Unit[], pick: RateOf): string {
  if (units.length === 0) return `${title}：暂无数据。`;
  return `${title}，从高到低：${rankedBy(units, pick)
    .map((u) => `${u.unit.name} ${percent(pick(u.current).rate)}，上期 ${percent(pick(u.previous).rate)}`)
    .join('；')}。`;
}
