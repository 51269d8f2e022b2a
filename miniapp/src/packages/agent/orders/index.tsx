import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  dayTimeText,
  workOrderStatusLabels,
  type StaffWorkOrder,
  type StaffWorkOrderItem,
  type Unit,
  type WorkOrderEscalation,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import { dueText, orderTitle } from '../../field/field';
import { DetailPane } from '../DetailPane';
import { offsetOf, useAgent, useAgentEvents, useDebounced, useServerNow } from '../live';
import { AGENT_DESK, agentApi } from '../services';
import { deskSort, deskTags, type DeskState } from './desk';
import { OrderDetail } from './OrderDetail';
import '../agent.scss';
import { StaffProblem } from '../Problem';

type Tab = DeskState | 'escalations';
const TABS: { value: Tab; label: string }[] = [
  { value: 'dispatch', label: '待派单' },
  { value: 'check', label: '待对单' },
  { value: 'open', label: '在办' },
  { value: 'escalations', label: '超时督办' },
  { value: 'done', label: '已办结' },
];

/** One order in a desk list: markers in words, what, where, its state and next time limit. */
function OrderRow(props: { order: StaffWorkOrderItem; now: number; selected: boolean; onOpen: (id: string) => void }) {
  const { order, now } = props;
  const due = dueText(order, now);
  const open = () => props.onOpen(order.id);
  const title = orderTitle(order);
  return (
    <View
      className={`agent-row${props.selected ? ' agent-row--selected' : ''}${order.danger ? ' agent-row--danger' : ''}`}
      {...roleProps('button')}
      aria-label={`${title}，${order.district}，${workOrderStatusLabels[order.status]}${due ? `，${due}` : ''}`}
      aria-current={props.selected ? 'true' : undefined}
      onClick={open}
      {...keyboardPressProps(open)}
    >
      <View className="agent-row__top">
        {deskTags(order, now).map((t) => (
          <Text key={t.text} className={`agent-tag${t.danger ? ' agent-tag--danger' : ' agent-tag--warn'}`}>
            {t.text}
          </Text>
        ))}
        <Text className="agent-row__title">{title}</Text>
      </View>
      <Text className="agent-row__meta">
        {order.residentName} · {order.address}
      </Text>
      <Text className="agent-row__meta">
        {workOrderStatusLabels[order.status]}
        {order.unit ? ` · ${order.unit.name}` : ''}
        {order.assignee ? ` · ${order.assignee.name}` : ''}
      </Text>
      {due ? <Text className={`agent-sla agent-sla--${due.includes('已过') ? 'late' : 'ok'}`}>{due}</Text> : null}
    </View>
  );
}

/**
 * 工单台 of agents, supervisors and coordinators: 待派单 (and 退单 to send again) to a unit, 待对单
 * (the 回单 with its photos: accept, or return with a reason), the open ones, passed time limits
 * and the finished ones; escalated and overdue orders first; live. A coordinator sees her unit's
 * orders (and the dispatch list of her utility).
 */
export default function OrderDeskPage() {
  const agent = useAgent();
  const [tab, setTab] = useState<Tab>('dispatch');
  const [items, setItems] = useState<StaffWorkOrderItem[] | null>(null);
  const [escalations, setEscalations] = useState<WorkOrderEscalation[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [order, setOrder] = useState<StaffWorkOrder | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const now = useServerNow(offset);
  const coordinator = agent?.role === 'coordinator';

  const fail = useCallback(
    (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
    [],
  );
  const load = useCallback(async () => {
    try {
      if (tab === 'escalations') {
        setEscalations((await agentApi.call('listWorkOrderEscalations')).items);
      } else {
        const list = await agentApi.call('listDeskOrders', { query: { state: tab } });
        setItems(list.items);
        setOffset(offsetOf(list.serverTime));
      }
      setProblem(null);
    } catch (err) {
      fail(err);
    }
  }, [tab, fail]);
  const loadOrder = useCallback(
    (id: string) => agentApi.call('getDeskOrder', { params: { id } }).then(setOrder, fail),
    [fail],
  );

  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    if (agent) void loadRef.current();
  }, [agent, tab]);
  useEffect(() => {
    if (!agent) return;
    agentApi.call('listUnits').then(({ items: list }) => setUnits(list), fail);
  }, [agent, fail]);
  useEffect(() => {
    if (selectedId) void loadOrder(selectedId);
  }, [selectedId, loadOrder]);

  const refetch = useDebounced(() => {
    void load();
    if (selectedId) void loadOrder(selectedId);
  }, 300);
  const reconnect = async () => {
    await load();
    if (selectedId) await loadOrder(selectedId);
  };
  // agents and supervisors follow the workbench stream; a coordinator her unit's
  const live = useAgentEvents(
    (name) => {
      if (name.startsWith('workorder.')) refetch();
    },
    reconnect,
    coordinator ? '/api/field/events' : '/api/agent/events',
  );

  if (!agent) return <Page staff className="agent" />;
  // field staff work in the field app, a 回访员 at her 回访台
  if (agent.role === 'field' || agent.role === 'followup') {
    return (
      <Page staff className="agent">
        <Text className="bm-text">工单台给客服、班长和客服工程师使用。</Text>
      </Page>
    );
  }
  const list = items ? (tab === 'done' ? items : deskSort(items, now)) : null;

  return (
    <Page staff className="agent">
      <View className="agent-bar">
        <Text className="agent-bar__name">工单台 · {agent.displayName}</Text>
        <Text className="agent-bar__live" {...roleProps('status')}>
          {live === 'open' ? '实时更新中' : '正在连接…'}
        </Text>
        {coordinator ? (
          <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateBack().catch(() => undefined)}>
            返回现场工单
          </ActionButton>
        ) : (
          <ActionButton className="agent-bar__link" onPress={() => void Taro.redirectTo({ url: AGENT_DESK })}>
            回到求助工作台
          </ActionButton>
        )}
      </View>
      <ChipGroup
        label="工单列表"
        options={TABS}
        selected={[tab]}
        onToggle={(v) => {
          setTab(v as Tab);
          setItems(null);
        }}
      />
      <StaffProblem text={problem} />

      {tab === 'escalations' ? (
        <View className="agent-section" {...roleProps('region')} aria-label="超时督办">
          {escalations.length === 0 ? <Text className="bm-note">没有超时的工单。</Text> : null}
          {escalations.map((e) => (
            <View
              key={e.id}
              className="agent-row agent-row--danger"
              {...roleProps('button')}
              onClick={() => setSelectedId(e.orderId)}
              {...keyboardPressProps(() => setSelectedId(e.orderId))}
            >
              <Text className="agent-row__title">{e.text}</Text>
              <Text className="agent-row__meta">
                到期 {dayTimeText(e.dueAt)} · 现在{workOrderStatusLabels[e.status]}
                {e.assignee ? ` · ${e.assignee.name}` : ''}
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className={`agent-desk${selectedId ? ' agent-desk--selected' : ''}`}>
        {tab !== 'escalations' ? (
          <View className="agent-desk__queue">
            <View
              className="agent-section"
              {...roleProps('region')}
              aria-label={TABS.find((t) => t.value === tab)?.label}
            >
              <Text className="agent-section__title">
                {TABS.find((t) => t.value === tab)?.label}（{list?.length ?? 0}）
              </Text>
              {list === null ? <Text className="bm-text">正在打开…</Text> : null}
              {list?.length === 0 ? <Text className="bm-note">暂无</Text> : null}
              {list?.map((o) => (
                <OrderRow key={o.id} order={o} now={now} selected={o.id === selectedId} onOpen={setSelectedId} />
              ))}
            </View>
          </View>
        ) : null}
        <DetailPane chosen={selectedId !== null} onBack={() => setSelectedId(null)} emptyText="在左边选一张工单。">
          {order && order.id === selectedId ? (
            <OrderDetail
              key={order.id}
              order={order}
              units={units}
              onChange={(next) => {
                setOrder(next);
                refetch();
              }}
            />
          ) : null}
        </DetailPane>
      </View>
    </Page>
  );
}
