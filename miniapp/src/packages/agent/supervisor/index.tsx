import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import {
  addDays,
  beijingDay,
  beijingMidnight,
  dayTimeText,
  helpCategoryLabels,
  presenceText,
  slaKindLabels,
  type AgentHelpDetail,
  type Escalation,
  type HelpReport,
  type LoginLock,
  type SupervisorOverview,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { AgentDetail } from '../AgentDetail';
import { DetailPane } from '../DetailPane';
import { offsetOf, useAgent, useAgentEvents, useDebounced, useHeartbeat, useServerNow } from '../live';
import { QueueSection } from '../QueueRow';
import { AGENT_BULLETIN, AGENT_FOLLOWUPS, agentApi } from '../services';
import { NoticesScreen } from './Notices';
import { Report } from './Report';
import { UnitScores } from './Units';
import '../agent.scss';
import { useLatestLoad } from '../../../lib/latest';
import { StaffProblem } from '../Problem';

type Tab = 'live' | 'escalations' | 'reports' | 'units' | 'notices' | 'locks';
const TABS: { value: Tab; label: string }[] = [
  { value: 'live', label: '实时队列' },
  { value: 'escalations', label: '超时升级' },
  { value: 'reports', label: '报表' },
  { value: 'units', label: '单位考核' },
  { value: 'notices', label: '停电通知' },
  { value: 'locks', label: '登录限制' },
];
const PERIODS = [
  { value: '1', label: '今天' },
  { value: '7', label: '近 7 天' },
  { value: '30', label: '近 30 天' },
  { value: '90', label: '近 90 天' },
  { value: '365', label: '近一年' },
];

/** The report period ending now: the last `days` days, today counted from Beijing midnight. */
export function periodOf(days: number, now: Date): { from: string; to: string } {
  const start = beijingMidnight(addDays(beijingDay(now), -(days - 1)));
  return { from: start.toISOString(), to: new Date(now.getTime() + 1000).toISOString() };
}

interface TabData {
  overview?: SupervisorOverview;
  escalations?: Escalation[];
  report?: HelpReport;
  locks?: LoginLock[];
}

/** What a tab shows, fetched. */
async function fetchTab(tab: Tab, days: number): Promise<TabData> {
  switch (tab) {
    case 'live':
      return { overview: await agentApi.call('supervisorOverview') };
    case 'escalations':
      return { escalations: (await agentApi.call('listEscalations')).items };
    case 'reports':
      return { report: await agentApi.call('getHelpReport', { query: periodOf(days, new Date()) }) };
    case 'locks':
      return { locks: (await agentApi.call('listLoginLocks')).items };
    case 'units':
    case 'notices':
      // their screens read their own data
      return {};
  }
}

/** A staff login held up by wrong passwords, with the way to clear it. */
function LockRow({ item, onCleared }: { item: LoginLock; onCleared: (items: LoginLock[]) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const clear = async () => {
    try {
      onCleared((await agentApi.call('clearLoginLock', { params: { username: item.username } })).items);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : '没有解除成功。');
    }
  };
  return (
    <View className="agent-card">
      <Text className="agent-card__title">
        {item.displayName}（{item.username}）
      </Text>
      <Text className="agent-card__line">
        这一小时密码输错 {item.failures} 次。
        {item.onlyKnownDevices
          ? '现在只有她自己常用的电脑或手机能登录。'
          : item.waitSeconds > 0
            ? `输错过的地方要等 ${item.waitSeconds} 秒才能再试；她常用的电脑或手机不受影响。`
            : '现在可以正常登录。'}
      </Text>
      <StaffProblem text={problem} />
      <ActionButton onPress={() => void clear()}>解除限制</ActionButton>
    </View>
  );
}

/**
 * 班长视图: every open request and every agent's load, live, with reassignment; escalations;
 * the follow-up (回访) list; the reports and 单位考核 as charts with their figures in words.
 */
/**
 * The queue's counts and each agent's load: beside the queue on a wide screen while no request
 * is open (using the width), above it on a phone.
 */
function AgentLoad({ overview, className }: { overview: SupervisorOverview; className: string }) {
  return (
    <View className={className}>
      <Text className="report-line">
        排队 {overview.counts.waiting} · 回电 {overview.counts.callbacks} · 处理中 {overview.counts.inProgress} · 等居民{' '}
        {overview.counts.waitingOnResident} · 已升级 {overview.counts.escalatedOpen}
      </Text>
      <View className="agent-section" {...roleProps('region')} aria-label="客服负载">
        <Text className="agent-section__title">客服负载</Text>
        <View className="supervisor-load__bars">
          {overview.agents.map((a) => (
            <View key={a.id} className="report-bar">
              <Text className="report-bar__label">
                {a.displayName}（{presenceText(a)}）
              </Text>
              <View className="report-bar__track">
                <View
                  className="report-bar__fill"
                  style={{ width: `${a.capacity > 0 ? Math.min(100, (a.load / a.capacity) * 100) : 0}%` }}
                />
              </View>
              <Text className="report-bar__count">
                {a.load}/{a.capacity}
              </Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

export default function SupervisorPage() {
  const agent = useAgent();
  const [tab, setTab] = useState<Tab>('live');
  const [overview, setOverview] = useState<SupervisorOverview | null>(null);
  const [escalations, setEscalations] = useState<Escalation[]>([]);
  const [days, setDays] = useState('7');
  const [report, setReport] = useState<HelpReport | null>(null);
  const [locks, setLocks] = useState<LoginLock[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<AgentHelpDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const now = useServerNow(offset);
  useHeartbeat();
  const fail = useCallback(
    (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
    [],
  );
  const apply = useCallback((data: TabData) => {
    if (data.overview) {
      setOverview(data.overview);
      setOffset(offsetOf(data.overview.serverTime));
    }
    if (data.escalations) setEscalations(data.escalations);
    if (data.report) setReport(data.report);
    if (data.locks) setLocks(data.locks);
    setProblem(null);
  }, []);
  const load = useCallback(() => fetchTab(tab, Number(days)).then(apply, fail), [tab, days, apply, fail]);
  // the 7 days' report coming after the year's (both read today live) must not put the 7 days
  // back under 近一年: only the answer for the tab and period chosen is shown
  useLatestLoad(agent ? () => fetchTab(tab, Number(days)) : null, `${tab}:${days}`, apply, fail);
  useEffect(() => {
    if (selectedId) agentApi.call('getAgentHelp', { params: { id: selectedId } }).then(setDetail, fail);
  }, [selectedId, fail]);

  const refetch = useDebounced(() => void load(), 300);
  useAgentEvents(() => {
    if (tab === 'live' || tab === 'escalations') refetch();
  }, load);

  if (!agent) return <Page staff className="agent" />;
  if (agent.role !== 'supervisor') {
    return (
      <Page staff className="agent">
        <Text className="bm-text">班长视图只给班长使用。</Text>
      </Page>
    );
  }
  return (
    <Page staff className="agent">
      <Text className="bm-heading">班长视图</Text>
      <View className="bm-stack">
        <ActionButton variant="secondary" onPress={() => void Taro.navigateTo({ url: AGENT_FOLLOWUPS })}>
          回访台
        </ActionButton>
        <ActionButton variant="secondary" onPress={() => void Taro.navigateTo({ url: AGENT_BULLETIN })}>
          回访简报（各班组满意率）
        </ActionButton>
      </View>
      <ChipGroup label="视图" options={TABS} selected={[tab]} onToggle={(v) => setTab(v as Tab)} />
      <StaffProblem text={problem} />

      {tab === 'live' && overview ? (
        <View className={`agent-desk${selectedId ? ' agent-desk--selected' : ''}`}>
          <View className="agent-desk__queue">
            <AgentLoad overview={overview} className="supervisor-load supervisor-load--inline" />
            <QueueSection
              title="全部未办结"
              items={overview.open}
              total={overview.openTotal}
              now={now}
              selectedId={selectedId}
              onOpen={setSelectedId}
            />
          </View>
          <DetailPane chosen={selectedId !== null} onBack={() => setSelectedId(null)} emptyText="选一条求助可以改派。">
            {detail && detail.id === selectedId ? (
              <AgentDetail
                detail={detail}
                me={null}
                agents={overview.agents}
                now={now}
                supervisor
                onChange={(next) => {
                  setDetail(next);
                  refetch();
                }}
              />
            ) : selectedId ? null : (
              <AgentLoad overview={overview} className="supervisor-load supervisor-load--side" />
            )}
          </DetailPane>
        </View>
      ) : null}

      {tab === 'escalations' ? (
        <View className="agent-section">
          {escalations.length === 0 ? <Text className="bm-note">没有超时升级。</Text> : null}
          {escalations.map((e) => (
            <View key={e.id} className="agent-card">
              <Text className="agent-card__title">
                {slaKindLabels[e.kind]} · {e.category ? helpCategoryLabels[e.category] : '求助'}
              </Text>
              <Text className="agent-card__line">
                处理人：{e.assignedAgent?.displayName ?? '还没有人接'} · 到期 {dayTimeText(e.dueAt)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      {tab === 'locks' ? (
        <View className="agent-section">
          <Text className="bm-note">
            有人用工作人员的账号一再输错密码时，这里会列出来。她自己常用的电脑或手机一直能登录；换了设备登不上时，可以在这里解除。
          </Text>
          {locks.length === 0 ? <Text className="bm-note">没有受限的账号。</Text> : null}
          {locks.map((l) => (
            <LockRow key={l.username} item={l} onCleared={setLocks} />
          ))}
        </View>
      ) : null}

      {tab === 'units' ? <UnitScores /> : null}
      {tab === 'notices' ? <NoticesScreen /> : null}

      {tab === 'reports' ? (
        <View>
          <ChipGroup label="时间段" options={PERIODS} selected={[days]} onToggle={setDays} />
          {report ? <Report report={report} /> : <Text className="bm-text">正在统计…</Text>}
        </View>
      ) : null}
    </Page>
  );
}
