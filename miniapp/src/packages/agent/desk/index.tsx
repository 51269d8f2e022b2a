import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import {
  helpDeskRoleValues,
  AgentHelpEvent,
  HelpMessageEvent,
  HelpNoteEvent,
  presenceLabels,
  presenceValues,
  WorkOrderEventName,
  WorkOrderStaffEvent,
  withQueueItem,
  type AgentHelpDetail,
  type AgentProfile,
  type AgentQueue,
  type Presence,
  type StaffWorkOrderItem,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { AgentDetail } from '../AgentDetail';
import { DetailPane } from '../DetailPane';
import { offsetOf, useAgent, useAgentEvents, useDebounced, useHeartbeat, useServerNow } from '../live';
import { QueueSection } from '../QueueRow';
import { AGENT_ORDERS, AGENT_SUPERVISOR, agentApi, staffHome, AGENT_CASES } from '../services';
import { SignOutButton } from '../SignOut';
import '../agent.scss';
import { StaffProblem } from '../Problem';

/** The id a live event is about, whatever its kind. */
function eventHelpId(name: string, data: unknown): string | null {
  if (name === 'help.created' || name === 'help.changed') {
    const parsed = AgentHelpEvent.safeParse(data);
    return parsed.success ? parsed.data.help.id : null;
  }
  if (name === 'help.message') {
    const parsed = HelpMessageEvent.safeParse(data);
    return parsed.success ? parsed.data.helpId : null;
  }
  if (name === 'help.note') {
    const parsed = HelpNoteEvent.safeParse(data);
    return parsed.success ? parsed.data.helpId : null;
  }
  return null;
}

/** The queue and the agent's own profile, fetched together. */
function fetchQueue(): Promise<[AgentQueue, AgentProfile]> {
  return Promise.all([agentApi.call('getAgentQueue'), agentApi.call('getAgentMe')]);
}

/**
 * 客服工作台: the queue (call-back tasks first, then mine, then waiting), live; the selected
 * request beside it on a wide screen (queue, conversation and context side by side from 1024 px),
 * or on its own with a way back on a phone. Presence (在线 / 暂离 / 下线) and the agent's load
 * against capacity at the top; while the page is open its stream and heartbeat keep her there.
 */
function HelpDesk({ agent }: { agent: NonNullable<ReturnType<typeof useAgent>> }) {
  const [queue, setQueue] = useState<AgentQueue | null>(null);
  const [me, setMe] = useState<AgentProfile | null>(null);
  const [agents, setAgents] = useState<AgentProfile[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<AgentHelpDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [orderEvent, setOrderEvent] = useState<StaffWorkOrderItem | null>(null);
  const [offset, setOffset] = useState(0);
  const now = useServerNow(offset);
  useHeartbeat();

  const fail = useCallback(
    (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
    [],
  );
  const applyQueue = useCallback(([q, profile]: [AgentQueue, AgentProfile]) => {
    setQueue(q);
    setOffset(offsetOf(q.serverTime));
    setMe(profile);
    setProblem(null);
  }, []);
  const loadQueue = useCallback(() => fetchQueue().then(applyQueue, fail), [applyQueue, fail]);
  const loadDetail = useCallback(
    (id: string) => agentApi.call('getAgentHelp', { params: { id } }).then(setDetail, fail),
    [fail],
  );

  useEffect(() => {
    fetchQueue().then(applyQueue, fail);
    agentApi.call('listAgents').then(({ items }) => setAgents(items), fail);
  }, [applyQueue, fail]);
  useEffect(() => {
    if (selectedId) agentApi.call('getAgentHelp', { params: { id: selectedId } }).then(setDetail, fail);
  }, [selectedId, fail]);

  const refetchQueue = useDebounced(() => void loadQueue(), 150);
  const refetchMe = useDebounced(() => void agentApi.call('getAgentMe').then(setMe, fail), 150);
  const live = useAgentEvents(
    (name, data) => {
      // work orders move on the same stream; they change no help request
      if ((Object.values(WorkOrderEventName) as string[]).includes(name)) {
        const parsed = WorkOrderStaffEvent.safeParse(data);
        if (name === WorkOrderEventName.changed && parsed.success) setOrderEvent(parsed.data.order);
        return;
      }
      const line = name === 'help.created' || name === 'help.changed' ? AgentHelpEvent.safeParse(data) : null;
      if (line?.success && queue && me) {
        // the event carries the request's queue line: put it in place, no refetch of the queue
        const item = line.data.help;
        const wasMine = queue.mine.some((i) => i.id === item.id);
        setQueue((q) => (q ? withQueueItem(q, item, me, Date.now() + offset) : q));
        // her load (手上 n/m) moves when a request comes to her or leaves her
        if (wasMine || item.assignedAgent?.id === me.id) refetchMe();
      } else if (name !== 'help.message' && name !== 'help.note') {
        // what no line comes with (an escalation, the queue not loaded yet): read it again
        refetchQueue();
      }
      if (selectedId && eventHelpId(name, data) === selectedId) void loadDetail(selectedId);
    },
    async () => {
      await loadQueue();
      if (selectedId) await loadDetail(selectedId);
    },
  );

  const setPresence = (presence: Presence) => {
    agentApi.call('setAgentPresence', { body: { presence } }).then(setMe, fail);
  };
  // 下线 first, then end the session: its live stream ends with it on every instance
  const goOffline = () => agentApi.call('setAgentPresence', { body: { presence: 'offline' } });

  return (
    <Page staff className="agent">
      <View className="agent-bar">
        <Text className="agent-bar__name">
          {agent.displayName}
          {me ? ` · 手上 ${me.load}/${me.capacity} 条求助` : ''}
        </Text>
        <ChipGroup
          label="我的状态"
          options={presenceValues.map((p) => ({ value: p, label: presenceLabels[p] }))}
          selected={me ? [me.presence] : []}
          onToggle={(v) => setPresence(v as Presence)}
        />
        <Text className="agent-bar__live" {...roleProps('status')}>
          {live === 'open' ? '实时更新中' : '正在连接…'}
        </Text>
        <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_ORDERS })}>
          工单台
        </ActionButton>
        <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_CASES })}>
          案例库
        </ActionButton>
        {agent.role === 'supervisor' ? (
          <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_SUPERVISOR })}>
            班长视图
          </ActionButton>
        ) : null}
        <SignOutButton first={goOffline} />
      </View>
      <StaffProblem text={problem} />
      {me && me.presence !== 'online' ? (
        <Text className="bm-note">
          您现在是「{presenceLabels[me.presence]}」，不会自动分到新工单；也可以在下面手动接单。
        </Text>
      ) : null}

      <View className={`agent-desk${selectedId ? ' agent-desk--selected' : ''}`}>
        <View className="agent-desk__queue">
          {queue ? (
            <>
              <QueueSection
                title="回电任务"
                items={queue.callbacks}
                now={now}
                selectedId={selectedId}
                onOpen={setSelectedId}
              />
              <QueueSection
                title="我的求助"
                items={queue.mine}
                now={now}
                selectedId={selectedId}
                onOpen={setSelectedId}
              />
              <QueueSection
                title="排队中"
                items={queue.waiting}
                now={now}
                selectedId={selectedId}
                onOpen={setSelectedId}
              />
            </>
          ) : (
            <Text className="bm-text">正在打开…</Text>
          )}
        </View>
        <DetailPane chosen={selectedId !== null} onBack={() => setSelectedId(null)} emptyText="在左边选一条求助。">
          {detail && detail.id === selectedId ? (
            <AgentDetail
              detail={detail}
              me={me}
              agents={agents}
              now={now}
              orderEvent={orderEvent}
              onChange={(next) => {
                setDetail(next);
                refetchQueue();
              }}
            />
          ) : null}
        </DetailPane>
      </View>
    </Page>
  );
}

/**
 * The help desk for its staff (agents and supervisors). Anyone else who reaches it (a 回访员 from
 * an old link) goes to her own start page before the desk opens a stream or beats a heartbeat the
 * BFF would refuse.
 */
export default function AgentDeskPage() {
  const agent = useAgent();
  const deskRole = agent !== null && (helpDeskRoleValues as readonly string[]).includes(agent.role);
  useEffect(() => {
    if (agent && !deskRole) void Taro.redirectTo({ url: staffHome(agent.role) });
  }, [agent, deskRole]);
  return agent && deskRole ? <HelpDesk agent={agent} /> : <Page staff className="agent" />;
}
