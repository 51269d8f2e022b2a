import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CheckBody, dayTimeText, workOrderStatusLabels, type StaffWorkOrder, type Unit } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { roleProps } from '../../../lib/a11y';
import { PhotoStrip, storedPhotos } from '../../../components/PhotoStrip';
import { orderTitle } from '../../field/field';
import { CasesCard } from '../Cases';
import { Field, problemOf } from '../Field';
import { agentApi, agentSession } from '../services';
import { StaffProblem } from '../Problem';

/** Props of {@link OrderDetail}. */
export interface OrderDetailProps {
  order: StaffWorkOrder;
  /** Units an order may be sent to (those of its utility are offered). */
  units: readonly Unit[];
  onChange: (order: StaffWorkOrder) => void;
}

/**
 * One order at the desk: what and where, the resident (masked), her words and photos; 派单 to a
 * unit of its utility while it waits for one (or came back with a 退单); 对单 of the 回单 with its
 * photos: 通过, or 退回 with a reason; for a complaint, the matching cases and, once checked, 存为案例;
 * and every step in words.
 */
export function OrderDetail({ order, units, onChange }: OrderDetailProps) {
  const mine = units.filter((u) => u.utility === order.utility);
  const [unitId, setUnitId] = useState<string | null>(
    () => mine.find((u) => u.id === order.unit?.id)?.id ?? mine.find((u) => u.district === order.district)?.id ?? null,
  );
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const params = { id: order.id };
  const run = async (action: () => Promise<StaffWorkOrder>): Promise<boolean> => {
    try {
      onChange(await action());
      setProblem(null);
      return true;
    } catch (err) {
      setProblem(err instanceof Error ? err.message : '没有成功，请再试一次。');
      return false;
    }
  };
  const waiting = order.status === 'pending_dispatch' || order.status === 'returned';
  const report = order.report;

  return (
    <View className="agent-detail" {...roleProps('region')} aria-label="工单详情">
      <View className="agent-detail__head">
        <Text className="agent-detail__title">{orderTitle(order)}</Text>
        <Text className="agent-row__meta" {...roleProps('status')}>
          {workOrderStatusLabels[order.status]}
          {order.unit ? ` · ${order.unit.name}` : ''}
          {order.assignee ? ` · ${order.assignee.name}` : ''} · 单号 {order.no}
        </Text>
        <StaffProblem text={problem} />
      </View>

      <View className="agent-card">
        <Text className="agent-card__title">居民和地点</Text>
        <Text className="agent-card__line">
          {order.resident.name}
          {order.resident.phoneMasked ? ` · ${order.resident.phoneMasked}` : ''}
        </Text>
        <Text className="agent-card__line">{order.address}</Text>
        {order.description ? <Text className="agent-card__line">居民说：{order.description}</Text> : null}
        {order.slot ? <Text className="agent-card__line">预约：{order.slot.text}</Text> : null}
        <PhotoStrip photos={storedPhotos(order.photos, agentSession.token())} label="居民的照片" />
      </View>

      {order.lastReturn ? (
        <View className="agent-card agent-card--callback">
          <Text className="agent-card__title">退单原因</Text>
          <Text className="agent-card__line">
            {order.lastReturn.by ?? ''} {dayTimeText(order.lastReturn.at)}：{order.lastReturn.reason}
          </Text>
        </View>
      ) : null}

      {waiting ? (
        <View className="agent-card" {...roleProps('region')} aria-label="派单">
          <Text className="agent-card__title">派给单位</Text>
          {mine.length === 0 ? <Text className="agent-card__line">没有这项业务的单位。</Text> : null}
          <ChipGroup
            label="派给单位"
            options={mine.map((u) => ({ value: u.id, label: u.name }))}
            selected={unitId ? [unitId] : []}
            onToggle={setUnitId}
          />
          <ActionButton
            variant="primary"
            onPress={() => {
              if (!unitId) {
                setProblem('请先选一个单位');
                return;
              }
              void run(() => agentApi.call('dispatchOrder', { params, body: { unitId } }));
            }}
          >
            派单
          </ActionButton>
        </View>
      ) : null}

      {report ? (
        <View className="agent-card" {...roleProps('region')} aria-label="回单">
          <Text className="agent-card__title">回单（{dayTimeText(report.at)}）</Text>
          <Text className="agent-card__line">做了什么：{report.summary}</Text>
          <Text className="agent-card__line">原因：{report.causeText}</Text>
          {report.notes ? <Text className="agent-card__line">备注：{report.notes}</Text> : null}
          <PhotoStrip photos={storedPhotos(report.photos, agentSession.token())} label="回单照片" />
          {order.status === 'completed' ? (
            <>
              <ActionButton
                variant="primary"
                onPress={() => void run(() => agentApi.call('checkOrder', { params, body: { accept: true } }))}
              >
                对单通过
              </ActionButton>
              <Field
                label="退回原因（单位能看到）"
                button="退回单位重办"
                value={reason}
                onChange={setReason}
                check={(text) => problemOf(CheckBody, { accept: false, reason: text })}
                onSubmit={(text) =>
                  run(() => agentApi.call('checkOrder', { params, body: { accept: false, reason: text } }))
                }
              />
            </>
          ) : null}
        </View>
      ) : null}

      {order.lastCheck ? (
        <Text className="agent-card__line">
          {order.lastCheck.accepted ? '对单已通过' : `对单退回：${order.lastCheck.reason ?? ''}`}（
          {order.lastCheck.by ?? ''} {dayTimeText(order.lastCheck.at)}）
        </Text>
      ) : null}

      {order.type === 'complaint' ? (
        <CasesCard
          key={`cases-${order.id}`}
          source={{ orderId: order.id }}
          category="complaint"
          resolved={order.status === 'checked' || order.status === 'closed'}
        />
      ) : null}

      <View className="agent-card" {...roleProps('region')} aria-label="处理记录">
        <Text className="agent-card__title">处理记录</Text>
        {order.steps.map((s) => (
          <Text key={s.n} className="agent-card__line">
            {dayTimeText(s.at)} {s.text}
          </Text>
        ))}
      </View>
    </View>
  );
}
