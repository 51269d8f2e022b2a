import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  AgentMessageBody,
  helpCategoryLabels,
  helpPriorityLabels,
  helpStatusStaffLabels,
  openHelpStatuses,
  ResolveBody,
  timeText,
  TransferBody,
  type AgentHelpDetail,
  type AgentProfile,
  type StaffWorkOrderItem,
} from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { ChipGroup } from '../../components/ChipGroup';
import { VoiceBubble } from '../../components/VoiceBubble';
import { roleProps } from '../../lib/a11y';
import { voiceUrl } from '../../lib/voice';
import { CasesCard } from './Cases';
import { AuditCard, CallbackCard, ResidentCard, ResultCard } from './DetailCards';
import { Field, problemOf } from './Field';
import { HelpOrderCard } from './HelpOrder';
import { agentApi, agentSession } from './services';
import { slaBadge } from './sla';
import { StaffProblem } from './Problem';

/** Replies agents send most; a tap puts one in the reply box to edit or send. */
export const QUICK_REPLIES = [
  '您好，我是客服，正在为您查询，请稍等。',
  '请问您的户号是多少？',
  '已经为您处理好了，还有别的问题吗？',
  '我们马上安排师傅上门，请保持电话畅通。',
];

/** Props of {@link AgentDetail}. */
export interface AgentDetailProps {
  detail: AgentHelpDetail;
  me: AgentProfile | null;
  /** Colleagues to transfer (or reassign) to. */
  agents: readonly AgentProfile[];
  now: number;
  /** True for a supervisor: reassign instead of transfer, notes on any request. */
  supervisor?: boolean;
  /** The latest work-order change heard on the workbench stream (the order made from it moves live). */
  orderEvent?: StaffWorkOrderItem | null;
  onChange: (detail: AgentHelpDetail) => void;
}

const textProblem = (text: string) => problemOf(AgentMessageBody, { text });

/**
 * One request in the workbench, in two columns on a wide screen (one after the other on a phone):
 * the conversation with the reply box and the internal notes (marked as such); and the resident's
 * masked context, the call-back task, the actions the agent may take now and the record, all in
 * words.
 */
export function AgentDetail({
  detail,
  me,
  agents,
  now,
  supervisor = false,
  orderEvent = null,
  onChange,
}: AgentDetailProps) {
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const params = { id: detail.id };
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
  // work goes only to colleagues whose workbench is open (the BFF refuses the others)
  const others = agents.filter((a) => a.id !== detail.assignedAgent?.id && a.role === 'agent' && a.connected);

  return (
    <View className="agent-detail" {...roleProps('region')} aria-label="工单详情">
      <View className="agent-detail__head">
        <View className="agent-row__top">
          {detail.danger ? <Text className="agent-tag agent-tag--danger">紧急</Text> : null}
          {detail.elder ? <Text className="agent-tag agent-tag--elder">长辈</Text> : null}
          <Text className="agent-detail__title">
            {detail.category ? helpCategoryLabels[detail.category] : '未选原因'} · {helpPriorityLabels[detail.priority]}
          </Text>
        </View>
        <Text className="agent-row__meta">
          {helpStatusStaffLabels[detail.status]}
          {detail.assignedAgent ? ` · 处理人 ${detail.assignedAgent.displayName}` : ' · 还没有人接'}
        </Text>
        <Text className={`agent-sla agent-sla--${sla.level}`}>{sla.text}</Text>
        <StaffProblem text={problem} />
      </View>

      <View className="agent-detail__columns">
        <View className="agent-detail__talk" {...roleProps('region')} aria-label="对话">
          <View className="agent-messages" {...roleProps('log')} aria-label="对话记录">
            {detail.messages.length === 0 ? <Text className="bm-note">还没有对话。</Text> : null}
            {detail.messages.map((m) => (
              <View key={m.id} className={`agent-message agent-message--${m.from}`}>
                <Text className="agent-message__who">
                  {m.from === 'resident' ? '居民' : m.from === 'system' ? '系统' : (m.authorName ?? '客服')}{' '}
                  {timeText(m.at)}
                </Text>
                {m.kind === 'voice' && m.voice ? (
                  <VoiceBubble src={voiceUrl(m.voice.voiceId, agentSession.token())} seconds={m.voice.seconds} />
                ) : (
                  <Text className="agent-message__text">{m.text}</Text>
                )}
              </View>
            ))}
          </View>

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
                className="agent-replies"
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
                check={textProblem}
                onSubmit={(text) => run(() => agentApi.call('sendAgentMessage', { params, body: { text } }))}
              />
            </>
          ) : null}

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
          {(open && mine) || supervisor ? (
            <Field
              label="内部备注（居民看不到）"
              button="添加内部备注"
              value={note}
              onChange={setNote}
              check={textProblem}
              onSubmit={(text) => run(() => agentApi.call('addHelpNote', { params, body: { text } }))}
            />
          ) : null}
        </View>

        <View className="agent-detail__context" {...roleProps('region')} aria-label="居民和处理">
          <ResidentCard detail={detail} />
          <HelpOrderCard key={detail.id} helpId={detail.id} canCreate={open && mine} orderEvent={orderEvent} />
          <CasesCard
            key={`cases-${detail.id}`}
            source={{ helpId: detail.id }}
            category={detail.category}
            resolved={!open}
          />
          {detail.callback && open ? (
            <CallbackCard
              callback={detail.callback}
              mine={mine}
              onCall={(reached) => void run(() => agentApi.call('recordHelpCall', { params, body: { reached } }))}
              onAskPhone={() => void run(() => agentApi.call('askHelpPhone', { params }))}
            />
          ) : null}

          {open && mine ? (
            <>
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
                check={(text) => problemOf(ResolveBody, { summary: text })}
                onSubmit={(text) => run(() => agentApi.call('resolveHelp', { params, body: { summary: text } }))}
              />
            </>
          ) : null}

          {open && (mine || supervisor) ? (
            <View className="agent-card">
              <Text className="agent-card__title">{supervisor ? '改派给' : '转交给'}</Text>
              {others.length === 0 ? <Text className="agent-card__line">现在没有其他在岗的同事。</Text> : null}
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
                check={(text) =>
                  target ? problemOf(TransferBody, { toAgentId: target, reason: text }) : '请先在上面选一位同事'
                }
                onSubmit={(text) => {
                  const body = { toAgentId: target ?? '', reason: text };
                  return run(() =>
                    supervisor
                      ? agentApi.call('reassignHelp', { params, body })
                      : agentApi.call('transferHelp', { params, body }),
                  );
                }}
              />
            </View>
          ) : null}

          <ResultCard detail={detail} />
          <AuditCard detail={detail} />
        </View>
      </View>
    </View>
  );
}
