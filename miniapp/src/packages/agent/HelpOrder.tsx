import { Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import {
  FromHelpBody,
  timeText,
  workOrderStatusLabels,
  workOrderTypeLabels,
  workOrderTypeValues,
  type FromHelpDraft,
  type StaffWorkOrder,
  type StaffWorkOrderItem,
  type WorkOrderType,
} from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { ChipGroup } from '../../components/ChipGroup';
import { roleProps } from '../../lib/a11y';
import { inputValue } from '../../lib/input';
import { problemOf } from './Field';
import { agentApi } from './services';
import { StaffProblem } from './Problem';

/** Props of {@link HelpOrderCard}. */
export interface HelpOrderCardProps {
  helpId: string;
  /** The agent holds the request and it is open: she may turn it into an order. */
  canCreate: boolean;
  /** The latest order change heard on the workbench stream; the card follows its own order. */
  orderEvent: StaffWorkOrderItem | null;
}

/** The order's state in one line: 「GD… · 急修 · 东城供电所 · 已接单 · 张建国」. */
export function orderLine(order: StaffWorkOrderItem): string {
  return [
    order.no,
    workOrderTypeLabels[order.type],
    order.unit?.name ?? '还没有派给单位',
    workOrderStatusLabels[order.status],
    order.assignee?.name,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The order made from a help request, with its newest steps, as the agent follows it. */
function OrderProgress({ order }: { order: StaffWorkOrder }) {
  return (
    <View className="agent-card agent-card--order" {...roleProps('region')} aria-label="转出的工单">
      <Text className="agent-card__title">已转工单</Text>
      <Text className="agent-card__line" {...roleProps('status')}>
        {orderLine(order)}
      </Text>
      {order.steps.slice(-4).map((s) => (
        <Text key={s.n} className="agent-card__line">
          {timeText(s.at)} {s.text}
        </Text>
      ))}
    </View>
  );
}

/**
 * 转工单 on a help request: a button opens the sheet filled from the request (type and unit
 * suggested from the account's utility and district, nothing re-entered); the agent changes the
 * type or unit if she must and confirms. Once made, the card shows the order and its steps, live;
 * pressing again shows the same order (the BFF makes one order per request).
 */
export function HelpOrderCard({ helpId, canCreate, orderEvent }: HelpOrderCardProps) {
  const [draft, setDraft] = useState<FromHelpDraft | null>(null);
  const [order, setOrder] = useState<StaffWorkOrder | null>(null);
  const [sheet, setSheet] = useState(false);
  const [type, setType] = useState<WorkOrderType | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const fail = (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。');
  const loadOrder = useCallback(
    (id: string) => agentApi.call('getDeskOrder', { params: { id } }).then(setOrder, fail),
    [],
  );

  useEffect(() => {
    // one card per request (the detail keys it by the request): nothing to reset here
    let gone = false;
    agentApi.call('helpOrderDraft', { params: { id: helpId } }).then((d) => {
      if (gone) return;
      setDraft(d);
      setType(d.type);
      setUnitId(d.suggestedUnit?.id ?? null);
      const made = d.existing[0];
      if (made) void loadOrder(made.id);
    }, fail);
    return () => {
      gone = true;
    };
  }, [helpId, loadOrder]);

  // its steps move as the unit works on it: the workbench stream says when
  const orderId = order?.id ?? null;
  useEffect(() => {
    if (orderEvent && orderId && orderEvent.id === orderId) void loadOrder(orderId);
  }, [orderEvent, orderId, loadOrder]);

  if (order) return <OrderProgress order={order} />;
  if (!draft || !canCreate) return null;

  const confirm = async () => {
    const body = {
      type: type ?? draft.type,
      ...(unitId ? { unitId } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const wrong = problemOf(FromHelpBody, body);
    if (wrong) {
      setProblem(wrong);
      return;
    }
    setBusy(true);
    try {
      setOrder(await agentApi.call('orderFromHelp', { params: { id: helpId }, body }));
      setSheet(false);
      setProblem(null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const noPlace = draft.utility === null || draft.address === null;
  return (
    <View className="agent-card" {...roleProps('region')} aria-label="转工单">
      {!sheet ? (
        <ActionButton onPress={() => setSheet(true)}>转工单</ActionButton>
      ) : noPlace ? (
        <>
          <Text className="agent-card__title">转工单</Text>
          <Text className="agent-card__line">
            这条求助没有带供电、供水或燃气的户号，不知道派给哪个单位。请先问清户号，或请班长人工建单。
          </Text>
          <ActionButton onPress={() => setSheet(false)}>知道了</ActionButton>
        </>
      ) : (
        <>
          <Text className="agent-card__title">转工单（内容从求助带出，不用重填）</Text>
          <Text className="agent-card__line">
            {draft.district ?? ''} · {draft.address}
          </Text>
          <ChipGroup
            label="工单类型"
            showLabel
            options={workOrderTypeValues.map((v) => ({ value: v, label: workOrderTypeLabels[v] }))}
            selected={type ? [type] : []}
            onToggle={(v) => setType(v as WorkOrderType)}
          />
          <ChipGroup
            label="派给单位"
            showLabel
            options={draft.units.map((u) => ({
              value: u.id,
              label: u.id === draft.suggestedUnit?.id ? `${u.name}（建议）` : u.name,
            }))}
            selected={unitId ? [unitId] : []}
            onToggle={setUnitId}
          />
          {draft.units.length === 0 ? (
            <Text className="agent-card__line">没有负责这里的单位，工单会先放在待派单里。</Text>
          ) : null}
          <Input
            className="agent__input"
            aria-label="给单位的话（可以不写）"
            placeholder="给单位的话（可以不写）"
            value={note}
            maxlength={500}
            onInput={(e: unknown) => setNote(inputValue(e))}
          />
          <View className="agent-actions">
            <ActionButton variant="primary" onPress={() => void confirm()}>
              {busy ? '正在转…' : '确认转工单'}
            </ActionButton>
            <ActionButton onPress={() => setSheet(false)}>取消</ActionButton>
          </View>
        </>
      )}
      <StaffProblem text={problem} />
    </View>
  );
}
