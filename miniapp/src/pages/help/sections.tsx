import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import {
  HelpSurveyBody,
  MobilePhone,
  helpCategoryLabels,
  satisfactionLabels,
  satisfactionValues,
  type EmergencyNumber,
  type HelpCategory,
  type HelpMessage,
  type Satisfaction,
} from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { ChipGroup } from '../../components/ChipGroup';
import { roleProps } from '../../lib/a11y';
import { inputValue } from '../../lib/input';
import { HOTLINE, REASONS } from './context';

/** Opens the phone's dialer; cancelling the system dialog is fine. */
export function call(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

/** Danger first: the emergency numbers, big, one tap to call. */
export function EmergencyCard({ numbers }: { numbers: readonly EmergencyNumber[] }) {
  return (
    <View className="help__emergency" {...roleProps('alert')}>
      <Text className="help__emergency-title">有危险请先离开现场，马上拨打：</Text>
      <View className="bm-stack">
        {numbers.map((n, i) => (
          <ActionButton
            key={n.number}
            variant={i === 0 ? 'primary' : 'secondary'}
            className="help__emergency-call"
            label={`拨打${n.name} ${n.number}`}
            onPress={() => call(n.number)}
          >
            {n.name} {n.number}
          </ActionButton>
        ))}
      </View>
      <Text className="bm-note">您的求助也已经发出，客服会最先处理。</Text>
    </View>
  );
}

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

/** The conversation, oldest first; the resident's own lines on the right. */
export function Conversation({ messages }: { messages: readonly HelpMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <View className="help__messages" {...roleProps('log')} aria-label="对话" aria-live="polite">
      {messages.map((m) => (
        <View key={m.id} className={`help__message help__message--${m.from === 'resident' ? 'mine' : 'theirs'}`}>
          <Text className="help__message-who">{m.authorName ?? WHO[m.from]}</Text>
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
    <View className="bm-card help__survey">
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

/** The network let the resident down: say so plainly, retry, or phone the hotline. */
export function FailedCard(props: { message: string; onRetry: () => void }) {
  return (
    <View className="bm-card" {...roleProps('alert')}>
      <Text className="bm-heading">求助还没有发出去</Text>
      <Text className="bm-text">{props.message}</Text>
      <Text className="bm-text">我们会自动再试。您也可以马上再试一次，或者打电话。</Text>
      <View className="bm-stack">
        <ActionButton variant="primary" onPress={props.onRetry}>
          再试一次
        </ActionButton>
        <ActionButton label={`拨打服务热线 ${HOTLINE}`} onPress={() => call(HOTLINE)}>
          拨打服务热线 {HOTLINE}
        </ActionButton>
      </View>
    </View>
  );
}
