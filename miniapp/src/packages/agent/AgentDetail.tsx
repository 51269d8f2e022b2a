import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import {
  helpCategoryLabels,
  helpPriorityLabels,
  helpStatusLabels,
  openHelpStatuses,
  satisfactionLabels,
  timeText,
  utilityLabels,
  type AgentHelpDetail,
  type AgentProfile,
} from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { ChipGroup } from '../../components/ChipGroup';
import { roleProps } from '../../lib/a11y';
import { inputValue } from '../../lib/input';
import { agentApi } from './services';
import { slaBadge } from './sla';

/** Replies agents send most; a tap puts one in the reply box to edit or send. */
export const QUICK_REPLIES = [
  '您好，我是客服，正在为您查询，请稍等。',
  '请问您的户号是多少？',
  '已经为您处理好了，还有别的问题吗？',
  '我们马上安排师傅上门，请保持电话畅通。',
];

/** A labelled text box whose button runs `onSubmit` and clears it when that worked. */
function Field(props: {
  label: string;
  button: string;
  primary?: boolean;
  value: string;
  onChange: (v: string) => void;
  onSubmit: (v: string) => Promise<boolean>;
}) {
  const submit = async () => {
    if (props.value.trim() === '') return;
    if (await props.onSubmit(props.value.trim())) props.onChange('');
  };
  return (
    <View className="agent-field">
      <Input
        className="agent__input"
        aria-label={props.label}
        placeholder={props.label}
        value={props.value}
        maxlength={1000}
        onInput={(e: unknown) => props.onChange(inputValue(e))}
        onConfirm={() => void submit()}
      />
      <ActionButton variant={props.primary ? 'primary' : 'secondary'} onPress={() => void submit()}>
        {props.button}
      </ActionButton>
    </View>
  );
}

/** Props of {@link AgentDetail}. */
export interface AgentDetailProps {
  detail: AgentHelpDetail;
  me: AgentProfile | null;
  /** Colleagues to transfer (or reassign) to. */
  agents: readonly AgentProfile[];
  now: number;
  /** True for a supervisor: reassign instead of transfer, on any request. */
  supervisor?: boolean;
  onChange: (detail: AgentHelpDetail) => void;
}

/**
 * One request in the workbench: the resident's masked context, the call-back task, the
 * conversation, internal notes (marked as such), and the actions the agent may take now.
 */
export function AgentDetail({ detail, me, agents, now, supervisor = false, onChange }: AgentDetailProps) {
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = detail.id;
  const params = { id };
  const open = openHelpStatuses.includes(detail.status);
  const mine = me !== null && detail.assignedAgent?.id === me.id;
  const sla = slaBadge(detail, now);

  const run = async (action: () => Promise<AgentHelpDetail>): Promise<boolean> => {
    try {
      onChange(await action());
      setProblem(null);
      return true;
    } catch (err) {
      setProblem(err instanceof Error ? err.message : '没有成功，请再试一次。');
      return false;
    }
  };
  const others = agents.filter((a) => a.id !== detail.assignedAgent?.id && a.role === 'agent');

  return (
    <View className="agent-detail" {...roleProps('region')} aria-label="工单详情">
      <View className="agent-row__top">
        {detail.danger ? <Text className="agent-tag agent-tag--danger">紧急</Text> : null}
        {detail.elder ? <Text className="agent-tag agent-tag--elder">长辈</Text> : null}
        <Text className="agent-detail__title">
          {detail.category ? helpCategoryLabels[detail.category] : '未选原因'} · {helpPriorityLabels[detail.priority]}
        </Text>
      </View>
      <Text className="agent-row__meta">
        {helpStatusLabels[detail.status]}
        {detail.assignedAgent ? ` · 处理人 ${detail.assignedAgent.displayName}` : ' · 还没有人接'}
      </Text>
      <Text className={`agent-sla agent-sla--${sla.level}`}>{sla.text}</Text>

      <View className="agent-card">
        <Text className="agent-card__title">居民</Text>
        <Text className="agent-card__line">
          {detail.resident.name}
          {detail.resident.phone ? ` · ${detail.resident.phone}` : ''}
          {detail.resident.elderMode ? ' · 长辈模式' : ''}
        </Text>
        {detail.account ? (
          <Text className="agent-card__line">
            {utilityLabels[detail.account.utility]} 户号 {detail.account.accountNo} · {detail.account.holderName} ·{' '}
            {detail.account.district}
          </Text>
        ) : null}
        {detail.context.page ? <Text className="agent-card__line">求助时所在页面：{detail.context.page}</Text> : null}
        {detail.context.billId ? <Text className="agent-card__line">账单：{detail.context.billId}</Text> : null}
        {detail.context.paymentId ? <Text className="agent-card__line">缴费单：{detail.context.paymentId}</Text> : null}
        {detail.text ? <Text className="agent-card__line">居民写的：{detail.text}</Text> : null}
      </View>

      {detail.callback && open ? (
        <View className="agent-card agent-card--callback">
          <Text className="agent-card__title">回电任务：{detail.callback.phone ?? '居民没有留电话'}</Text>
          {detail.callback.phone ? (
            <ActionButton
              onPress={() => {
                Taro.makePhoneCall({ phoneNumber: detail.callback?.phone ?? '' }).catch(() => undefined);
              }}
            >
              拨打 {detail.callback.phone}
            </ActionButton>
          ) : null}
          {mine ? (
            <View className="agent-actions">
              <ActionButton
                onPress={() => void run(() => agentApi.call('recordHelpCall', { params, body: { reached: true } }))}
              >
                已接通
              </ActionButton>
              <ActionButton
                onPress={() => void run(() => agentApi.call('recordHelpCall', { params, body: { reached: false } }))}
              >
                没接通
              </ActionButton>
            </View>
          ) : null}
        </View>
      ) : null}

      <View className="agent-messages" {...roleProps('log')} aria-label="对话">
        {detail.messages.length === 0 ? <Text className="bm-note">还没有对话。</Text> : null}
        {detail.messages.map((m) => (
          <View key={m.id} className={`agent-message agent-message--${m.from}`}>
            <Text className="agent-message__who">
              {m.from === 'resident' ? '居民' : (m.authorName ?? '系统')} {timeText(m.at)}
            </Text>
            <Text className="agent-message__text">{m.text}</Text>
          </View>
        ))}
      </View>

      {detail.notes.length > 0 ? (
        <View className="agent-notes" {...roleProps('region')} aria-label="内部备注">
          <Text className="agent-notes__title">内部备注 · 居民看不到</Text>
          {detail.notes.map((n) => (
            <Text key={n.id} className="agent-notes__line">
              {n.author.displayName} {timeText(n.at)}：{n.text}
            </Text>
          ))}
        </View>
      ) : null}

      {problem ? (
        <Text className="agent__problem" {...roleProps('alert')}>
          {problem}
        </Text>
      ) : null}

      {open && !mine && !supervisor ? (
        <ActionButton variant="primary" onPress={() => void run(() => agentApi.call('claimHelp', { params }))}>
          接单
        </ActionButton>
      ) : null}

      {open && mine ? (
        <>
          <ChipGroup
            label="常用回复"
            showLabel
            options={QUICK_REPLIES.map((q) => ({ value: q, label: q }))}
            selected={[]}
            onToggle={setReply}
          />
          <Field
            label="回复居民"
            button="发送"
            primary
            value={reply}
            onChange={setReply}
            onSubmit={(text) => run(() => agentApi.call('sendAgentMessage', { params, body: { text } }))}
          />
          <Field
            label="内部备注（居民看不到）"
            button="添加内部备注"
            value={note}
            onChange={setNote}
            onSubmit={(text) => run(() => agentApi.call('addHelpNote', { params, body: { text } }))}
          />
          {detail.status === 'waiting_on_resident' ? (
            <ActionButton
              onPress={() =>
                void run(() => agentApi.call('setHelpStatus', { params, body: { status: 'in_progress' } }))
              }
            >
              继续处理（恢复计时）
            </ActionButton>
          ) : detail.status === 'in_progress' ? (
            <ActionButton
              onPress={() =>
                void run(() => agentApi.call('setHelpStatus', { params, body: { status: 'waiting_on_resident' } }))
              }
            >
              等居民回复（暂停计时）
            </ActionButton>
          ) : null}
          <Field
            label="处理结果（居民能看到）"
            button="办结"
            value={summary}
            onChange={setSummary}
            onSubmit={(text) => run(() => agentApi.call('resolveHelp', { params, body: { summary: text } }))}
          />
        </>
      ) : null}

      {open && (mine || supervisor) && others.length > 0 ? (
        <View className="agent-card">
          <Text className="agent-card__title">{supervisor ? '改派给' : '转交给'}</Text>
          <ChipGroup
            label={supervisor ? '改派给' : '转交给'}
            options={others.map((a) => ({ value: a.id, label: `${a.displayName}（${a.load}/${a.capacity}）` }))}
            selected={target ? [target] : []}
            onToggle={setTarget}
          />
          <Field
            label={supervisor ? '改派原因' : '转交原因'}
            button={supervisor ? '改派' : '转交'}
            value={reason}
            onChange={setReason}
            onSubmit={async (text) => {
              if (!target) {
                setProblem('请先选一位同事');
                return false;
              }
              const body = { toAgentId: target, reason: text };
              return run(() =>
                supervisor
                  ? agentApi.call('reassignHelp', { params, body })
                  : agentApi.call('transferHelp', { params, body }),
              );
            }}
          />
        </View>
      ) : null}

      {detail.resolutionSummary ? (
        <View className="agent-card">
          <Text className="agent-card__title">处理结果</Text>
          <Text className="agent-card__line">{detail.resolutionSummary}</Text>
          <Text className="agent-card__line">
            {detail.survey.answered && detail.survey.satisfaction
              ? `居民评价：${satisfactionLabels[detail.survey.satisfaction]}，${detail.survey.onTime ? '准时' : '不准时'}${detail.survey.suggestion ? `，建议：${detail.survey.suggestion}` : ''}`
              : '居民还没有评价'}
          </Text>
        </View>
      ) : null}

      {detail.audit.length > 0 ? (
        <View className="agent-card">
          <Text className="agent-card__title">处理记录</Text>
          {detail.audit.slice(-8).map((a, i) => (
            <Text key={`${a.at}-${i}`} className="agent-card__line">
              {timeText(a.at)} {a.actor.name ?? a.actor.kind} {a.action}
              {a.to ? ` → ${a.to}` : ''}
              {a.detail ? `（${a.detail}）` : ''}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
