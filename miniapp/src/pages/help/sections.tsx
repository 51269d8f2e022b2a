import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  HelpSurveyBody,
  MobilePhone,
  helpCategoryLabels,
  satisfactionLabels,
  satisfactionValues,
  type HelpCategory,
  noticeSentence,
  type HelpMessage,
  type NoticeBrief,
  type ResidentWorkOrder,
  type Satisfaction,
} from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { ChipGroup } from '../../components/ChipGroup';
import { VoiceBubble } from '../../components/VoiceBubble';
import { roleProps } from '../../lib/a11y';
import { inputValue } from '../../lib/input';
import { dial } from '../../lib/phone';
import { useIntoView } from '../../lib/into-view';
import { openOrder } from '../../lib/repair-links';
import { HOTLINE, REASONS } from './context';

/** The quick reasons as large chips; optional. */
export function ReasonChips(props: { selected: HelpCategory | null; onChoose: (c: HelpCategory) => void }) {
  return (
    <View>
      <Text className="bm-section-title">遇到什么问题？（可以不选）</Text>
      <ChipGroup
        label="求助原因"
        options={REASONS.map((value) => ({ value, label: helpCategoryLabels[value] }))}
        selected={props.selected ? [props.selected] : []}
        onToggle={(value) => props.onChoose(value as HelpCategory)}
        className="help__reasons"
      />
    </View>
  );
}

/** A labelled one-line text box with its send button. */
export function TextBox(props: {
  label: string;
  placeholder: string;
  button: string;
  primary?: boolean;
  onSend: (text: string) => Promise<string | null>;
}) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = async () => {
    if (text.trim() === '') {
      setProblem('请写几个字');
      return;
    }
    const failed = await props.onSend(text.trim());
    setProblem(failed);
    if (!failed) setText('');
  };
  return (
    <View className="help__box">
      <Input
        className="help__input"
        aria-label={props.label}
        placeholder={props.placeholder}
        value={text}
        maxlength={500}
        onInput={(e: unknown) => setText(inputValue(e))}
        onConfirm={() => void send()}
      />
      {problem ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {problem}
        </Text>
      ) : null}
      <ActionButton variant={props.primary ? 'primary' : 'secondary'} onPress={() => void send()}>
        {props.button}
      </ActionButton>
    </View>
  );
}

/** 请给我回电话: the phone, prefilled and editable, checked with the shared schema before sending. */
export function CallbackBox(props: {
  phone: string;
  requested: boolean;
  primary: boolean;
  onRequest: (phone: string) => Promise<string | null>;
}) {
  const [phone, setPhone] = useState(props.phone);
  const [problem, setProblem] = useState<string | null>(null);
  if (props.requested) {
    return (
      <View className="bm-card">
        <Text className="bm-text">好的，客服会打电话给您{props.phone ? `：${props.phone}` : ''}。请留意来电。</Text>
      </View>
    );
  }
  const request = async () => {
    const checked = MobilePhone.safeParse(phone);
    if (!checked.success) {
      setProblem(checked.error.issues[0]?.message ?? '请填写 11 位手机号');
      return;
    }
    setProblem(await props.onRequest(checked.data));
  };
  return (
    <View className="help__box">
      <Text className="bm-section-title">不方便打字？</Text>
      <Input
        className="help__input"
        type="number"
        aria-label="回电手机号"
        placeholder="您的手机号"
        value={phone}
        maxlength={13}
        onInput={(e: unknown) => setPhone(inputValue(e))}
      />
      {problem ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {problem}
        </Text>
      ) : null}
      <ActionButton variant={props.primary ? 'primary' : 'secondary'} onPress={() => void request()}>
        请给我回电话
      </ActionButton>
    </View>
  );
}

const WHO: Record<HelpMessage['from'], string> = { resident: '我', agent: '客服', supervisor: '客服', system: '系统' };

/** The conversation, oldest first; the resident's own lines on the right, and below them what is not sent yet. */
export function Conversation({
  messages,
  pending = [],
  voiceSrc,
}: {
  messages: readonly HelpMessage[];
  pending?: readonly { clientKey: string; text: string }[];
  /** Where a voice message's player reads it. */
  voiceSrc: (voiceId: string) => string;
}) {
  if (messages.length === 0 && pending.length === 0) return null;
  return (
    <View className="help__messages" {...roleProps('log')} aria-label="对话" aria-live="polite">
      {messages.map((m) => (
        <View key={m.id} className={`help__message help__message--${m.from === 'resident' ? 'mine' : 'theirs'}`}>
          <Text className="help__message-who">{m.authorName ?? WHO[m.from]}</Text>
          {m.kind === 'voice' && m.voice ? (
            <VoiceBubble src={voiceSrc(m.voice.voiceId)} seconds={m.voice.seconds} />
          ) : (
            <Text className="help__message-text">{m.text}</Text>
          )}
        </View>
      ))}
      {pending.map((m) => (
        <View key={m.clientKey} className="help__message help__message--mine help__message--pending">
          <Text className="help__message-who">我 · 还没发出，网络恢复后自动发出</Text>
          <Text className="help__message-text">{m.text}</Text>
        </View>
      ))}
    </View>
  );
}

/** The survey after resolution: on time? satisfied? a suggestion; answered once. */
export function SurveyCard({ onAnswer }: { onAnswer: (body: HelpSurveyBody) => Promise<string | null> }) {
  const [onTime, setOnTime] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [suggestion, setSuggestion] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const body = HelpSurveyBody.safeParse({
      onTime,
      satisfaction,
      ...(suggestion.trim() ? { suggestion: suggestion.trim() } : {}),
    });
    if (!body.success) {
      setProblem('请选一下“准时吗”和“满意吗”');
      return;
    }
    setProblem(await onAnswer(body.data));
  };
  return (
    <View className="bm-card help__survey" id="help-survey">
      <Text className="bm-section-title">请您评价一下</Text>
      <ChipGroup
        label="准时吗？"
        showLabel
        options={[
          { value: 'yes', label: '准时' },
          { value: 'no', label: '不准时' },
        ]}
        selected={onTime === null ? [] : [onTime ? 'yes' : 'no']}
        onToggle={(v) => setOnTime(v === 'yes')}
      />
      <ChipGroup
        label="满意吗？"
        showLabel
        options={satisfactionValues.map((value) => ({ value, label: satisfactionLabels[value] }))}
        selected={satisfaction ? [satisfaction] : []}
        onToggle={(v) => setSatisfaction(v as Satisfaction)}
      />
      <Input
        className="help__input"
        aria-label="建议（可以不写）"
        placeholder="建议（可以不写）"
        value={suggestion}
        maxlength={500}
        onInput={(e: unknown) => setSuggestion(inputValue(e))}
      />
      {problem ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {problem}
        </Text>
      ) : null}
      <ActionButton variant="primary" onPress={() => void submit()}>
        提交评价
      </ActionButton>
    </View>
  );
}

/** The hotline, one tap to call. */
function HotlineButton({ primary }: { primary: boolean }) {
  return (
    <ActionButton
      variant={primary ? 'primary' : 'secondary'}
      label={`拨打热线 ${HOTLINE}`}
      onPress={() => dial(HOTLINE)}
    >
      拨打热线 {HOTLINE}
    </ActionButton>
  );
}

/** The BFF refused the tap (not the network): say so plainly, retry, or phone the hotline. */
export function FailedCard(props: { message: string; onRetry: () => void }) {
  return (
    <View className="bm-card" {...roleProps('alert')}>
      <Text className="bm-heading">求助还没有发出去</Text>
      <Text className="bm-text">{props.message}</Text>
      <Text className="bm-text">您可以马上再试一次，或者打电话。</Text>
      <View className="bm-stack">
        <ActionButton variant="primary" onPress={props.onRetry}>
          再试一次
        </ActionButton>
        <HotlineButton primary={false} />
      </View>
    </View>
  );
}

/**
 * The tap is kept (api/outbox.ts): no network, or the BFF not answering. Say which, plainly; it
 * goes out by itself, nothing to tap again; meanwhile the hotline works without data.
 */
export function KeptCard(props: { offline: boolean; onRetry: () => void }) {
  return (
    <View className="bm-card help__kept" {...roleProps('alert')}>
      <Text className="bm-heading">{props.offline ? '手机现在没有网络' : '求助还没有发出去'}</Text>
      <Text className="bm-text">
        {props.offline
          ? '您的求助已经记下了，网络一恢复就会自动发出，不用再点。'
          : '网络不太好。您的求助已经记下了，我们会自动再试，不用再点。'}
      </Text>
      <Text className="bm-text">着急的话，请直接打电话：</Text>
      <View className="bm-stack">
        <HotlineButton primary />
        {props.offline ? null : <ActionButton onPress={props.onRetry}>再试一次</ActionButton>}
      </View>
    </View>
  );
}

/**
 * Nobody is there to take requests right now (the headline says so) instead of a made-up wait:
 * offer what works without an agent online, the hotline here and the call-back right under it.
 */
export function NoAgentCard() {
  return (
    <View className="help__none" {...roleProps('status')}>
      <Text className="bm-text">您的求助已经排上队，客服一上线就按顺序处理。</Text>
      <Text className="bm-text">着急的话，可以请客服给您回电话（就在下面），或者直接打热线。</Text>
      <HotlineButton primary={false} />
    </View>
  );
}

const CANCEL_ID = 'help-cancel';

/** 「不用了，取消求助」, asked once more before it is done (a tap on it by mistake costs nothing). */
export function CancelBox({ onCancel }: { onCancel: () => Promise<string | null> }) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useIntoView(CANCEL_ID, asking);
  if (!asking) {
    return (
      <View className="help__box">
        <ActionButton onPress={() => setAsking(true)}>不用了，取消求助</ActionButton>
      </View>
    );
  }
  return (
    <View id={CANCEL_ID} className="bm-card help__cancel">
      <Text className="bm-text">真的不用客服了吗？</Text>
      {problem ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {problem}
        </Text>
      ) : null}
      <View className="bm-stack">
        <ActionButton onPress={() => void onCancel().then(setProblem)}>是的，取消求助</ActionButton>
        <ActionButton variant="primary" onPress={() => setAsking(false)}>
          不取消，继续等
        </ActionButton>
      </View>
    </View>
  );
}

/**
 * The work order the agent turned the request into (转工单): who has it, where it stands and its
 * newest step in the resident's words, moving live; one tap opens its whole timeline.
 */
export function OrderCard({ order }: { order: ResidentWorkOrder }) {
  const last = order.timeline.at(-1);
  return (
    <View className="bm-card help__order" {...roleProps('region')} aria-label="维修进度">
      <Text className="bm-section-title">
        {order.unit ? `客服已转给${order.unit.name}上门处理` : '客服已为您安排上门处理'}
      </Text>
      <Text className="help__order-status" {...roleProps('status')} aria-live="polite">
        {order.statusText}
      </Text>
      {last && last.text !== order.statusText ? <Text className="bm-text">{last.text}</Text> : null}
      <ActionButton onPress={() => openOrder(order.id)}>查看处理进度</ActionButton>
    </View>
  );
}

/** A current outage notice for the district of her account, told at once in one sentence. */
export function NoticeCard({ notice }: { notice: NoticeBrief }) {
  return (
    <View className="bm-card help__notice" {...roleProps('status')} aria-label="停电停水通知">
      <Text className="bm-text">{noticeSentence(notice)}</Text>
      {notice.streets.length > 0 ? <Text className="bm-note">范围：{notice.streets.join('、')}</Text> : null}
    </View>
  );
}
