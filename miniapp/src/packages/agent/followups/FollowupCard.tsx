import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  fieldUtilityLabels,
  fieldUtilityValues,
  followupBusinessLabels,
  followupLevelLabels,
  followupNoRatingLabels,
  FollowupRecordBody,
  messageFor,
  type FieldUtility,
  type FollowupTask,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import { inputValue } from '../../../lib/input';
import { dial } from '../../../lib/phone';
import { ageText, EMPTY_FORM, recordBody, type Answer, type RecordForm } from './words';
import { StaffProblem } from '../Problem';

const ON_TIME = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];
const LEVELS = (['excellent', 'good', 'fair', 'pass', 'fail'] as const).map((v) => ({
  value: v,
  label: followupLevelLabels[v],
}));
const NO_RATING = (['unreachable', 'declined'] as const).map((v) => ({ value: v, label: followupNoRatingLabels[v] }));
const UTILITIES = fieldUtilityValues.map((v) => ({ value: v, label: fieldUtilityLabels[v] }));

/** Props of {@link FollowupCard}. */
export interface FollowupCardProps {
  task: FollowupTask;
  /** The server's clock (ms), for how long ago and until when. */
  now: number;
  /** The row being recorded: its form is open. */
  current: boolean;
  /** Whether 打电话 is offered (the 回访员 sees the number in full; a supervisor's is masked). */
  canCall: boolean;
  onOpen: () => void;
  /** Sends the checked body; resolves true once recorded (the row then leaves the list). */
  onRecord: (body: FollowupRecordBody) => Promise<boolean>;
}

/**
 * One due follow-up: what was served, by which team, for whom, how long ago, a big 打电话; open,
 * the call recorded in three taps (是否按约服务, the level, 记录) or two (未接通 / 拒绝评价, 记录),
 * with an optional 建议 and a 「听到投诉」 switch whose text becomes a linked 投诉 order.
 */
export function FollowupCard({ task, now, current, canCall, onOpen, onRecord }: FollowupCardProps) {
  const [form, setForm] = useState<RecordForm>(EMPTY_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<RecordForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblem(null);
  };
  const noRating = form.answer === 'unreachable' || form.answer === 'declined';

  const call = () => {
    onOpen();
    if (task.phone) dial(task.phone);
  };
  const record = async () => {
    if (busy) return;
    const parsed = FollowupRecordBody.safeParse(recordBody(form));
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? '请先选回访评价');
      return;
    }
    // a help request has no utility of its own: the complaint order needs one (the BFF says so too)
    if (parsed.data.complaint && !parsed.data.complaint.utility && !task.utility) {
      setProblem(messageFor('FOLLOWUP_COMPLAINT_UTILITY'));
      return;
    }
    setBusy(true);
    const done = await onRecord(parsed.data);
    setBusy(false);
    if (done) setForm(EMPTY_FORM);
  };
  const toggleComplaint = () => set({ complaint: form.complaint ? null : { text: '', utility: null } });

  const title = `${followupBusinessLabels[task.business]} · ${task.team}`;
  return (
    <View
      className={`agent-card followup-card${current ? ' followup-card--current' : ''}`}
      {...roleProps('group')}
      aria-label={`${title} · ${task.residentName}`}
    >
      <Text className="agent-card__title">{title}</Text>
      {task.campaign ? <Text className="followup-card__campaign">专题回访：{task.campaign.name}</Text> : null}
      <Text className="agent-card__line">
        {task.residentName}
        {task.district ? ` · ${task.district}` : ''} · {ageText(task, now)}
      </Text>
      {task.summary ? <Text className="agent-card__line">办理结果：{task.summary}</Text> : null}
      <View className="followup-card__actions">
        {canCall && task.phone ? (
          <ActionButton variant="primary" className="followup-card__call" label={`打电话 ${task.phone}`} onPress={call}>
            打电话 {task.phone}
          </ActionButton>
        ) : (
          <Text className="bm-note">{task.phone ? `电话 ${task.phone}` : '没有留电话'}</Text>
        )}
        {current ? null : <ActionButton onPress={onOpen}>记录这条</ActionButton>}
      </View>

      {current ? (
        <View className="followup-form">
          <ChipGroup
            className="followup-form__chips"
            label="是否按约服务"
            showLabel
            options={ON_TIME}
            selected={form.onTime === null || noRating ? [] : [form.onTime ? 'yes' : 'no']}
            onToggle={(v) => set({ onTime: v === 'yes', ...(noRating ? { answer: null } : {}) })}
          />
          <ChipGroup
            className="followup-form__chips"
            label="满意程度"
            showLabel
            options={LEVELS}
            selected={form.answer && !noRating ? [form.answer] : []}
            onToggle={(v) => set({ answer: v as Answer })}
          />
          <ChipGroup
            className="followup-form__chips"
            label="未评价"
            showLabel
            options={NO_RATING}
            selected={noRating && form.answer ? [form.answer] : []}
            onToggle={(v) => set({ answer: v as Answer })}
          />
          <Input
            className="agent__input"
            aria-label="建议"
            placeholder="居民的建议（可不填）"
            value={form.suggestion}
            onInput={(e: unknown) => set({ suggestion: inputValue(e) })}
          />
          <View
            className={`followup-switch${form.complaint ? ' followup-switch--on' : ''}`}
            {...roleProps('switch')}
            aria-checked={form.complaint !== null}
            aria-label="听到投诉"
            onClick={toggleComplaint}
            {...keyboardPressProps(toggleComplaint)}
          >
            <Text className="followup-switch__label">听到投诉</Text>
            <Text className="followup-switch__state">{form.complaint ? '开：转投诉工单' : '关'}</Text>
          </View>
          {form.complaint ? (
            <>
              <Input
                className="agent__input"
                aria-label="投诉内容"
                placeholder="居民投诉什么"
                value={form.complaint.text}
                onInput={(e: unknown) =>
                  set({ complaint: { ...(form.complaint ?? { utility: null }), text: inputValue(e) } })
                }
              />
              {task.utility ? null : (
                <ChipGroup
                  className="followup-form__chips"
                  label="投诉的业务"
                  showLabel
                  options={UTILITIES}
                  selected={form.complaint.utility ? [form.complaint.utility] : []}
                  onToggle={(v) => set({ complaint: { text: form.complaint?.text ?? '', utility: v as FieldUtility } })}
                />
              )}
            </>
          ) : null}
          <StaffProblem text={problem} />
          <ActionButton variant="primary" label="记录回访" onPress={() => void record()}>
            {busy ? '正在记录…' : '记录'}
          </ActionButton>
        </View>
      ) : null}
    </View>
  );
}
