import { Text, View } from '@tarojs/components';
import type { DurationStats, HelpReport, RateFigure, SlaFigure } from '@bianmin/shared';
import { roleProps } from '../../../lib/a11y';
import { percent } from '../../../lib/figures';
import { ChartCard, Figure } from './ChartCard';
import {
  categoryPie,
  categoryShares,
  categorySummary,
  hourBars,
  hourSummary,
  shareText,
  teamBars,
  teamSummary,
  todayChart,
  todaySummary,
  trendChart,
  trendSummary,
} from './charts';

/** 「2 分 05 秒」 from seconds, or 「—」. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分 ${String(s % 60).padStart(2, '0')} 秒`;
  return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
}

/**
 * Horizontal bars drawn with Views sized by percentage of the largest value, for short lists
 * that need no chart (priorities, districts); each bar's figure is written beside it, so nothing
 * depends on reading the bar alone.
 */
export function Bars(props: { title: string; rows: readonly { label: string; count: number }[] }) {
  const max = Math.max(1, ...props.rows.map((r) => r.count));
  return (
    <View className="report-block report-card" {...roleProps('region')} aria-label={props.title}>
      <Text className="report-block__title">{props.title}</Text>
      {props.rows.length === 0 ? <Text className="bm-note">暂无数据</Text> : null}
      {props.rows.map((r) => (
        <View key={r.label} className="report-bar">
          <Text className="report-bar__label">{r.label}</Text>
          <View className="report-bar__track">
            <View className="report-bar__fill" style={{ width: `${(r.count / max) * 100}%` }} />
          </View>
          <Text className="report-bar__count">{r.count}</Text>
        </View>
      ))}
    </View>
  );
}

function Times(props: { title: string; stats: DurationStats }) {
  return (
    <Text className="report-line">
      {props.title}：中位数 {duration(props.stats.medianSeconds)}，90% 在 {duration(props.stats.p90Seconds)} 内（
      {props.stats.count} 单）
    </Text>
  );
}

function Sla(props: { title: string; figure: SlaFigure }) {
  return (
    <Text className="report-line">
      {props.title}：{percent(props.figure.rate)}（{props.figure.met}/{props.figure.total}）
    </Text>
  );
}

function Share(props: { title: string; figure: RateFigure }) {
  return (
    <Text className="report-line">
      {props.title}：{percent(props.figure.rate)}（{props.figure.count}/{props.figure.total}）
    </Text>
  );
}

/** The period's report: figures in words, then cards of charts (one column on a phone, a grid on a desk). */
export function Report({ report }: { report: HelpReport }) {
  const sat = report.satisfaction;
  const change =
    sat.rate !== null && sat.previous.rate !== null
      ? `${sat.rate >= sat.previous.rate ? '高于' : '低于'}上一期（${percent(sat.previous.rate)}）`
      : `上一期 ${percent(sat.previous.rate)}`;
  const shares = categoryShares(report.byCategory);
  const step = report.trend.step === 'day' ? '每天' : '每周';
  return (
    <View className="report">
      <Text className="report-total">共 {report.total} 条求助</Text>
      <View className="report-grid">
        <View className="report-block report-card">
          <Text className="report-block__title">时效与满意率</Text>
          <Times title="首次响应" stats={report.firstResponse} />
          <Times title="解决用时" stats={report.resolution} />
          <Sla title="首次响应按时" figure={report.sla.firstResponse} />
          <Sla title="解决按时" figure={report.sla.resolution} />
          <Sla title="全部时限达成" figure={report.sla.overall} />
          <Share title="接通率（按时有人接）" figure={report.rates.answered} />
          <Share title="办结率" figure={report.rates.resolved} />
          <Share title="投诉率" figure={report.rates.complaints} />
          <Text className="report-line">
            满意率：{percent(sat.rate)}，{change}（调查 {sat.surveyed} 单，答复 {sat.answered} 单，一般 {sat.average}
            ，不满意 {sat.poor}）
          </Text>
        </View>
        <ChartCard
          title={`${step}的求助与满意率`}
          option={trendChart(report.trend)}
          summary={trendSummary(report.trend)}
        >
          {report.trend.points.map((p) => (
            <Figure key={p.day}>
              {p.label} {p.count} 条 · 满意 {percent(p.satisfaction)}
            </Figure>
          ))}
        </ChartCard>
        <ChartCard
          title="各类问题的占比"
          option={categoryPie(report.byCategory)}
          summary={categorySummary(report.byCategory)}
        >
          {shares.length === 0 ? <Figure>暂无数据</Figure> : null}
          {shares.map((r) => (
            <Figure key={r.key}>{shareText(r, report.total)}</Figure>
          ))}
        </ChartCard>
        <ChartCard title="按时段（点）" option={hourBars(report.byHour)} summary={hourSummary(report.byHour)}>
          {report.byHour.map((h) => (
            <Figure key={h.hour}>
              {h.hour} 点 {h.count} 条
            </Figure>
          ))}
        </ChartCard>
        <ChartCard title="各组满意率（本期 / 上期）" option={teamBars(sat.byTeam)} summary={teamSummary(sat.byTeam)}>
          {sat.byTeam.length === 0 ? <Figure>暂无数据</Figure> : null}
          {sat.byTeam.map((t) => (
            <Figure key={t.team}>
              {t.team}：{percent(t.rate)}（{t.surveyed} 单），上期 {percent(t.previous.rate)}（{t.previous.surveyed}{' '}
              单）
            </Figure>
          ))}
        </ChartCard>
        <ChartCard title="今天分时段" option={todayChart(report.today)} summary={todaySummary(report.today)}>
          {report.today.hours.map((h) => (
            <Figure key={h.hour}>
              {h.hour} 点 求助 {h.created} · 接通 {percent(h.answeredRate)} · 办结 {h.resolved}
            </Figure>
          ))}
        </ChartCard>
        <View className="report-block report-card" {...roleProps('region')} aria-label="同类投诉重复发生">
          <Text className="report-block__title">同类问题 30 天内重复（{report.repeats.count} 条）</Text>
          {report.repeats.top.length === 0 ? <Text className="bm-note">暂无重复</Text> : null}
          {report.repeats.top.map((r) => (
            <Text key={r.key} className="report-line">
              {r.label}：重复 {r.count} 次
            </Text>
          ))}
        </View>
        <Bars title="按优先级" rows={report.byPriority} />
        <Bars title="按区" rows={report.byDistrict} />
        <View className="report-block report-card" {...roleProps('region')} aria-label="投诉热点">
          <Text className="report-block__title">投诉热点（本周 / 上周）</Text>
          {[
            ...report.hotspots.categories.map((h) => ({ ...h, id: `c-${h.key}` })),
            ...report.hotspots.districts.map((h) => ({ ...h, id: `d-${h.key}` })),
          ].map((h) => (
            <Text key={h.id} className="report-line">
              {h.label}：{h.thisWeek} / {h.lastWeek}
              {h.thisWeek > h.lastWeek ? '，上升' : h.thisWeek < h.lastWeek ? '，下降' : ''}
            </Text>
          ))}
        </View>
      </View>
    </View>
  );
}
