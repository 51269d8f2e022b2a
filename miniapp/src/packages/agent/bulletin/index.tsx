import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import {
  addDays,
  beijingDay,
  bulletinPeriodLabels,
  bulletinPeriodValues,
  fullDayText,
  type Bulletin,
  type BulletinPeriod,
  type BulletinRow,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { isH5 } from '../../../lib/platform';
import { groupDigits } from '../followups/words';
import { ChartCard } from '../supervisor/ChartCard';
import { rateBars } from '../supervisor/charts';
import { useAgent } from '../live';
import { AGENT_FOLLOWUPS, agentApi } from '../services';
import { downloadBulletinCsv } from './csv';
import '../agent.scss';
import '../followups/followups.scss';
import { StaffProblem } from '../Problem';
import { useLatestLoad } from '../../../lib/latest';

const PERIODS = bulletinPeriodValues.map((v) => ({ value: v, label: bulletinPeriodLabels[v] }));
const HEADS = [
  '班组',
  '回访户数',
  '优秀',
  '良好',
  '一般',
  '合格',
  '不合格',
  '未评价',
  '本期满意率',
  '去年同期满意率',
  '比较',
];

/** One line of the table: the team, the counts, both rates and the comparison in words. */
function cellsOf(row: BulletinRow): string[] {
  const c = row.counts;
  return [
    row.team,
    ...[row.visited, c.excellent, c.good, c.fair, c.pass, c.fail, c.none].map(groupDigits),
    row.rateText,
    row.lastYearRateText,
    row.trendText,
  ];
}

function Row({ cells, kind }: { cells: string[]; kind: 'head' | 'team' | 'total' }) {
  return (
    <View className={`bulletin__row bulletin__row--${kind}`} {...roleProps('row')}>
      {cells.map((text, i) => (
        <Text
          key={HEADS[i]}
          className={`bulletin__cell${i === 0 ? ' bulletin__cell--team' : ''}${i === cells.length - 1 ? ' bulletin__cell--words' : ''}`}
          {...roleProps(kind === 'head' ? 'columnheader' : i === 0 ? 'rowheader' : 'cell')}
        >
          {text}
        </Text>
      ))}
    </View>
  );
}

/**
 * 回访简报: for a week, month, quarter or year (the period containing the chosen day, stepped with
 * 上一期 / 下一期), each team's 回访户数, every level, 满意率 now and the same period a year before,
 * the comparison in words and the 合计 row. 打印 prints just the table on A4; 导出 CSV downloads
 * the BFF's own file (H5; the mini-program has no way to open a CSV, so it offers neither).
 */
export default function BulletinPage() {
  const agent = useAgent();
  const [period, setPeriod] = useState<BulletinPeriod>('month');
  const [date, setDate] = useState(() => beijingDay(new Date()));
  const [bulletin, setBulletin] = useState<Bulletin | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const allowed = agent?.role === 'followup' || agent?.role === 'supervisor';

  // only the period and date chosen last are shown, whatever order the answers come in
  useLatestLoad(
    allowed ? () => agentApi.call('followupBulletin', { query: { period, date, format: 'json' } }) : null,
    `${period}|${date}`,
    (b) => {
      setBulletin(b);
      setProblem(null);
    },
    (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
  );

  const exportCsv = () => {
    setSaved(null);
    downloadBulletinCsv(period, date).then(
      (name) => setSaved(`已下载 ${name}`),
      (err: unknown) => setProblem(err instanceof Error ? err.message : '没有导出成功。'),
    );
  };

  if (!agent) return <Page staff className="agent" />;
  if (!allowed) {
    return (
      <Page staff className="agent">
        <Text className="bm-text">回访简报给回访员和班长使用。</Text>
      </Page>
    );
  }
  const current = bulletin?.current;
  return (
    <Page staff className="agent bulletin">
      <View className="agent-bar">
        <Text className="agent-bar__name">回访简报</Text>
        <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_FOLLOWUPS })}>
          回访台
        </ActionButton>
      </View>
      <ChipGroup
        className="bulletin__chips"
        label="简报周期"
        options={PERIODS}
        selected={[period]}
        onToggle={(v) => setPeriod(v as BulletinPeriod)}
      />
      <View className="bulletin__period">
        {current ? <ActionButton onPress={() => setDate(addDays(current.from, -1))}>上一期</ActionButton> : null}
        <Text className="bulletin__range" {...roleProps('heading')} aria-level={2}>
          {current
            ? `${current.label}回访简报（${fullDayText(current.from)}—${fullDayText(current.to)}）`
            : '正在统计…'}
        </Text>
        {current ? <ActionButton onPress={() => setDate(addDays(current.to, 1))}>下一期</ActionButton> : null}
      </View>
      {isH5 ? (
        <View className="bulletin__actions">
          <ActionButton onPress={() => window.print()}>打印</ActionButton>
          <ActionButton onPress={exportCsv}>导出 CSV</ActionButton>
        </View>
      ) : null}
      <StaffProblem text={problem} />
      {saved ? (
        <Text className="followups__done" {...roleProps('status')}>
          {saved}
        </Text>
      ) : null}
      {bulletin ? (
        <View className="bulletin__scroll">
          <View className="bulletin__table" {...roleProps('table')} aria-label={`${bulletin.current.label}回访简报`}>
            <Row cells={HEADS} kind="head" />
            {bulletin.rows.map((row) => (
              <Row key={row.team} cells={cellsOf(row)} kind="team" />
            ))}
            <Row cells={cellsOf({ ...bulletin.total, team: '合计' })} kind="total" />
          </View>
          {bulletin.rows.length === 0 ? <Text className="bm-note">这一期还没有回访记录。</Text> : null}
          <Text className="bm-note">
            满意率 = 1 −（一般 + 合格 + 不合格）÷ 回访户数；去年同期为 {bulletin.lastYear.label}。
          </Text>
        </View>
      ) : null}
      {bulletin && bulletin.rows.length > 0 ? (
        <ChartCard
          title="各班组满意率（本期 / 去年同期）"
          option={rateBars(
            [...bulletin.rows, { ...bulletin.total, team: '合计' }].map((r) => ({
              label: r.team,
              now: r.rate,
              before: r.lastYearRate,
            })),
            ['本期', '去年同期'],
          )}
          summary={`${bulletin.current.label}各班组满意率，本期与去年同期：${[
            ...bulletin.rows,
            { ...bulletin.total, team: '合计' },
          ]
            .map((r) => `${r.team} ${r.rateText}，去年同期 ${r.lastYearRateText}，${r.trendText}`)
            .join('；')}。`}
        />
      ) : null}
    </Page>
  );
}
