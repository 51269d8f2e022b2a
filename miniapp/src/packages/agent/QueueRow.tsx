import { Text, View } from '@tarojs/components';
import { helpCategoryLabels, helpPriorityLabels, helpStatusStaffLabels, type QueueItem } from '@bianmin/shared';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { slaBadge } from './sla';

/** Props of {@link QueueRow}. */
export interface QueueRowProps {
  item: QueueItem;
  /** The server's time now (ms), for the SLA countdown. */
  now: number;
  selected?: boolean;
  onOpen: (id: string) => void;
}

/**
 * One request in a queue: markers (紧急, 长辈, 回电, 已退回) in words, the category, the masked resident,
 * a preview, and the SLA countdown coloured by urgency with the urgency also in its text.
 */
export function QueueRow({ item, now, selected = false, onOpen }: QueueRowProps) {
  const sla = slaBadge(item, now);
  const title = item.category ? helpCategoryLabels[item.category] : '未选原因';
  const open = () => onOpen(item.id);
  return (
    <View
      className={['agent-row', selected ? 'agent-row--selected' : '', item.danger ? 'agent-row--danger' : '']
        .filter(Boolean)
        .join(' ')}
      {...roleProps('button')}
      aria-label={`${title}，${item.residentName}，${helpStatusStaffLabels[item.status]}，${sla.text}`}
      aria-current={selected ? 'true' : undefined}
      onClick={open}
      {...keyboardPressProps(open)}
    >
      <View className="agent-row__top">
        {item.callback ? <Text className="agent-tag agent-tag--callback">回电</Text> : null}
        {item.danger ? <Text className="agent-tag agent-tag--danger">紧急</Text> : null}
        {item.elder ? <Text className="agent-tag agent-tag--elder">长辈</Text> : null}
        {!item.danger && item.priority === 'complaint' ? (
          <Text className="agent-tag">{helpPriorityLabels.complaint}</Text>
        ) : null}
        {item.escalated.length > 0 ? <Text className="agent-tag agent-tag--danger">已升级</Text> : null}
        {item.returnedFrom ? (
          <Text className="agent-tag agent-tag--warn">{item.returnedFrom.displayName}离开，已退回</Text>
        ) : null}
        <Text className="agent-row__title">{title}</Text>
      </View>
      <Text className="agent-row__meta">
        {item.residentName}
        {item.district ? ` · ${item.district}` : ''} · {helpStatusStaffLabels[item.status]}
        {item.assignedAgent ? ` · ${item.assignedAgent.displayName}` : ''}
        {item.offeredTo === 'grid' ? ' · 片区客户经理优先' : ''}
      </Text>
      {item.textPreview ? <Text className="agent-row__preview">{item.textPreview}</Text> : null}
      {item.callback ? (
        <Text className="agent-row__meta">
          {item.callback.phone ? `回电号码：${item.callback.phone}` : '回电任务：居民还没有留电话'}
        </Text>
      ) : null}
      <Text className={`agent-sla agent-sla--${sla.level}`}>{sla.text}</Text>
    </View>
  );
}

/** A titled list of requests; says so when it is empty, and when it lists only the first `total`. */
export function QueueSection(props: {
  title: string;
  items: readonly QueueItem[];
  /** How many there are in all, when `items` is only the first of them. */
  total?: number;
  now: number;
  selectedId: string | null;
  onOpen: (id: string) => void;
}) {
  return (
    <View className="agent-section" {...roleProps('region')} aria-label={props.title}>
      <Text className="agent-section__title">
        {props.title}（{props.total ?? props.items.length}）
      </Text>
      {props.items.length === 0 ? <Text className="bm-note">暂无</Text> : null}
      {props.total !== undefined && props.total > props.items.length ? (
        <Text className="bm-note">先列出最急的 {props.items.length} 条。</Text>
      ) : null}
      {props.items.map((item) => (
        <QueueRow
          key={item.id}
          item={item}
          now={props.now}
          selected={item.id === props.selectedId}
          onOpen={props.onOpen}
        />
      ))}
    </View>
  );
}
