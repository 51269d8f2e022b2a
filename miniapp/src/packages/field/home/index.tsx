import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { workOrderStatusLabels, type FieldMe, type StaffWorkOrderItem } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { Choices, messageOf, Problem } from '../../../billing';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import {
  AGENT_LOGIN,
  AGENT_ORDERS,
  dueText,
  fieldApi,
  fieldSession,
  offsetOf,
  openFieldOrder,
  orderTitle,
  useDebounced,
  useFieldEvents,
  useServerNow,
  useStaff,
} from '../field';
import '../field.scss';

type Scope = 'mine' | 'unit' | 'done';

/** One order in the list: what, where, the next time limit (red once passed). */
function OrderCard({ order, now }: { order: StaffWorkOrderItem; now: number }) {
  const due = dueText(order, now);
  const late = order.nextDue !== null && Date.parse(order.nextDue.at) < now;
  const open = () => openFieldOrder(order.id);
  return (
    <View
      className={`field__card${order.priority === 'emergency' ? ' field__card--emergency' : ''}`}
      {...roleProps('link')}
      onClick={open}
      {...keyboardPressProps(open)}
    >
      {order.priority === 'emergency' ? <Text className="field__badge">紧急</Text> : null}
      {order.escalationLevel > 0 ? <Text className="field__badge field__badge--warn">已督办</Text> : null}
      <Text className="field__title">{orderTitle(order)}</Text>
      <Text className="field__line">{order.address}</Text>
      <Text className="field__line">
        {workOrderStatusLabels[order.status]}
        {order.assignee ? ` · ${order.assignee.name}` : ''}
      </Text>
      {due ? <Text className={`field__due${late ? ' field__due--late' : ''}`}>{due}</Text> : null}
    </View>
  );
}

/**
 * 现场工单: a member's orders by due time (and the unit's new ones to take), the whole unit for
 * its coordinator, the finished ones; live, so a new order shows without pulling to refresh.
 */
export default function FieldHomePage() {
  const staff = useStaff();
  const [me, setMe] = useState<FieldMe | null>(null);
  const [scope, setScope] = useState<Scope>('mine');
  const [items, setItems] = useState<StaffWorkOrderItem[] | null>(null);
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const now = useServerNow(offset);

  const load = useCallback(async () => {
    try {
      const list = await fieldApi.call('listFieldOrders', { query: { scope } });
      setItems(list.items);
      setOffset(offsetOf(list.serverTime));
      setProblem(null);
    } catch (err) {
      setProblem(messageOf(err));
    }
  }, [scope]);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    if (staff) void loadRef.current();
  }, [staff, scope]);
  useEffect(() => {
    if (!staff) return;
    fieldApi.call('getFieldMe').then(setMe, (err: unknown) => setProblem(messageOf(err)));
  }, [staff]);
  useDidShow(() => {
    if (fieldSession.token()) void load();
  });
  const refetch = useDebounced(() => void load(), 300);
  const live = useFieldEvents(refetch, load);

  if (!staff) return <Page staff className="field" />;
  const scopes: Array<{ value: Scope; text: string }> = [
    { value: 'mine', text: '我的工单' },
    ...(staff.role === 'coordinator' ? [{ value: 'unit' as const, text: '本单位' }] : []),
    { value: 'done', text: '已完成' },
  ];
  const signOut = () => {
    fieldSession.signOut();
    void Taro.redirectTo({ url: AGENT_LOGIN });
  };

  return (
    <Page staff className="field">
      <Text className="bm-heading">现场工单</Text>
      <Text className="field__who">
        {staff.displayName}
        {me?.unit ? ` · ${me.unit.name}` : ' · 还没有加入单位，请联系班长'}
      </Text>
      <Choices label="工单范围" options={scopes} value={scope} onChange={setScope} />
      {staff.role === 'coordinator' ? (
        <ActionButton onPress={() => void Taro.navigateTo({ url: AGENT_ORDERS })}>派单和对单（工单台）</ActionButton>
      ) : null}
      <Problem text={problem} />
      {items !== null && items.length === 0 ? <Text className="bm-text">现在没有要处理的工单。</Text> : null}
      {(items ?? []).map((order) => (
        <OrderCard key={order.id} order={order} now={now} />
      ))}
      {live === 'reconnecting' ? <Text className="bm-note">网络不稳，正在重新连接…</Text> : null}
      <ActionButton onPress={signOut}>退出登录</ActionButton>
    </Page>
  );
}
