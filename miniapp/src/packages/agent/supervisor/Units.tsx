import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  assessmentPeriodLabels,
  assessmentPeriodValues,
  type Assessment,
  type AssessmentFigures,
  type AssessmentPeriod,
  type Rate,
} from '@bianmin/shared';
import { ChipGroup } from '../../../components/ChipGroup';
import { roleProps } from '../../../lib/a11y';
import { percent } from '../../../lib/figures';
import { agentApi } from '../services';
import { ChartCard, Figure } from './ChartCard';
import { rankedBy, unitBars, unitSummary } from './charts';
import { StaffProblem } from '../Problem';

/** 「90.00%（18/20）」, or 「—」 when nothing was measured. */
export function rateText(rate: Rate): string {
  return rate.of === 0 ? '—' : `${percent(rate.rate)}（${rate.count}/${rate.of}）`;
}

const RANKINGS = [
  { title: '按时完成率', pick: (f: AssessmentFigures) => f.completionOnTime },
  { title: '满意率', pick: (f: AssessmentFigures) => f.satisfaction },
];

/** 「86 分」, or 「暂无」. */
export function scoreText(score: number | null): string {
  return score === null ? '暂无' : `${Math.round(score)} 分`;
}

/** This period's score against the previous one, in words. */
export function changeText(current: AssessmentFigures, previous: AssessmentFigures): string {
  if (current.score === null || previous.score === null) return `上期 ${scoreText(previous.score)}`;
  const d = Math.round(current.score) - Math.round(previous.score);
  return d === 0 ? `与上期持平（${scoreText(previous.score)}）` : `比上期${d > 0 ? '高' : '低'} ${Math.abs(d)} 分`;
}

/**
 * 单位考核: ranked bar charts of on-time completion and satisfaction per unit, this period beside
 * the previous one; under them the units ranked by score, each a bar to 100 with its figures in words
 * (orders, on-time contact / arrival / completion, 退单, returned at 对单, satisfaction) and the
 * comparison with the previous period; a bar is never the only way to read a figure.
 */
export function UnitScores() {
  const [period, setPeriod] = useState<AssessmentPeriod>('month');
  const [data, setData] = useState<Assessment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    agentApi.call('workOrderAssessment', { query: { period } }).then(
      (a) => {
        setData(a);
        setProblem(null);
      },
      (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
    );
  }, [period]);

  return (
    <View className="report">
      <ChipGroup
        label="考核周期"
        options={assessmentPeriodValues.map((v) => ({ value: v, label: assessmentPeriodLabels[v] }))}
        selected={[period]}
        onToggle={(v) => setPeriod(v as AssessmentPeriod)}
      />
      <StaffProblem text={problem} />
      {data && data.units.length > 0 ? (
        <View className="report-grid">
          {RANKINGS.map(({ title, pick }) => (
            <ChartCard
              key={title}
              title={`${title}（本期 / 上期）`}
              option={unitBars(data.units, pick)}
              summary={unitSummary(title, data.units, pick)}
            >
              {rankedBy(data.units, pick).map((u, i) => (
                <Figure key={u.unit.id}>
                  {i + 1}. {u.unit.name}：{rateText(pick(u.current))}，上期 {rateText(pick(u.previous))}
                </Figure>
              ))}
            </ChartCard>
          ))}
        </View>
      ) : null}
      {data ? (
        <View className="report-block" {...roleProps('region')} aria-label="单位考核">
          <Text className="report-block__title">
            {data.current.label}（上期：{data.previous.label}）
          </Text>
          {data.units.length === 0 ? <Text className="bm-note">暂无数据</Text> : null}
          {data.units.map((u) => {
            const c = u.current;
            return (
              <View key={u.unit.id} className="agent-card">
                <View className="report-bar">
                  <Text className="report-bar__label">
                    第 {u.rank} 名 {u.unit.name}
                  </Text>
                  <View className="report-bar__track">
                    <View className="report-bar__fill" style={{ width: `${c.score ?? 0}%` }} />
                  </View>
                  <Text className="report-bar__count">{scoreText(c.score)}</Text>
                </View>
                <Text className="agent-card__line">
                  {changeText(c, u.previous)} · 工单 {c.orders} · 按时联系 {rateText(c.contactOnTime)} · 按时到达{' '}
                  {rateText(c.arrivalOnTime)} · 按时完成 {rateText(c.completionOnTime)}
                </Text>
                <Text className="agent-card__line">
                  退单 {rateText(c.returned)} · 对单退回 {rateText(c.returnedAtCheck)} · 满意 {rateText(c.satisfaction)}
                </Text>
                {u.members.map((m) => (
                  <Text key={m.member.id} className="agent-card__line">
                    {m.member.name}：{scoreText(m.current.score)}，工单 {m.current.orders}
                  </Text>
                ))}
              </View>
            );
          })}
        </View>
      ) : (
        <Text className="bm-text">正在统计…</Text>
      )}
    </View>
  );
}
