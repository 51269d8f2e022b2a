import { Text, View } from '@tarojs/components';
import type { DurationStats, HelpReport, SlaFigure } from '@bianmin/shared';
import { roleProps } from '../../../lib/a11y';

/** 「45%」, or 「—」 when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

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
 * Horizontal bars drawn with Views sized by percentage of the largest value (no chart library);
 * each bar's figure is written beside it, so nothing depends on reading the bar alone.
 */
export function Bars(props: { title: string; rows: readonly { label: string; count: number }[] }) {
  const max = Math.max(1, ...props.rows.map((r) => r.count));
  return (
    <View className="report-block" {...roleProps('region')} aria-label={props.title}>
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

/** The period's report: counts, times, SLA met, satisfaction against the previous period, hotspots. */
export function Report({ report }: { report: HelpReport }) {
  const sat = report.satisfaction;
  const change =
    sat.rate !== null && sat.previous.rate !== null
      ? `${sat.rate >= sat.previous.rate ? '高于' : '低于'}上一期（${percent(sat.previous.rate)}）`
      : `上一期 ${percent(sat.previous.rate)}`;
  return (
    <View className="report">
      <Text className="report-total">共 {report.total} 条求助</Text>
      <View className="report-block">
        <Times title="首次响应" stats={report.firstResponse} />
        <Times title="解决用时" stats={report.resolution} />
        <Sla title="首次响应按时" figure={report.sla.firstResponse} />
        <Sla title="解决按时" figure={report.sla.resolution} />
        <Sla title="全部时限达成" figure={report.sla.overall} />
        <Text className="report-line">
          满意率：{percent(sat.rate)}，{change}（调查 {sat.surveyed} 单，答复 {sat.answered} 单，一般 {sat.average}
          ，不满意 {sat.poor}）
        </Text>
        {sat.byTeam.map((t) => (
          <Text key={t.team} className="report-line">
            {t.team}：满意率 {percent(t.rate)}（{t.surveyed} 单）
          </Text>
        ))}
      </View>
      <Bars title="按原因" rows={report.byCategory} />
      <Bars title="按优先级" rows={report.byPriority} />
      <Bars title="按时段（点）" rows={report.byHour.map((h) => ({ label: `${h.hour}`, count: h.count }))} />
      <Bars title="按区" rows={report.byDistrict} />
      <View className="report-block" {...roleProps('region')} aria-label="投诉热点">
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
  );
}
