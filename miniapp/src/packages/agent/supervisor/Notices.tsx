import { Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import {
  addDays,
  beijingDay,
  beijingMidnight,
  cityDistricts,
  fieldUtilityLabels,
  fieldUtilityValues,
  noticeKindLabels,
  noticeKindValues,
  noticeSentence,
  noticeStatusLabels,
  NoticeBody,
  type FieldUtility,
  type Notice,
  type NoticeKind,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { roleProps } from '../../../lib/a11y';
import { inputValue } from '../../../lib/input';
import { problemOf } from '../Field';
import { agentApi } from '../services';
import { StaffProblem } from '../Problem';

const DAYS = [
  { value: '0', label: '今天' },
  { value: '1', label: '明天' },
  { value: '2', label: '后天' },
];
const HOURS = [6, 8, 9, 10, 12, 14, 15, 17, 18, 20, 22].map((h) => ({ value: String(h), label: `${h}:00` }));

/** The moment `hour`:00 Beijing time, `days` after today (Beijing). */
export function beijingAt(days: number, hour: number, now: Date): string {
  const day = addDays(beijingDay(now), days);
  return new Date(beijingMidnight(day).getTime() + hour * 3600_000).toISOString();
}

/**
 * 停电通知: the notices, live and past, each in the sentence residents read, with how many reports
 * are linked and a way to mark it 已恢复; and a new notice for a district with its time window
 * (a day and hours in Beijing time), checked with the shared schema before it is sent.
 */
export function NoticesScreen() {
  const [items, setItems] = useState<Notice[]>([]);
  const [utility, setUtility] = useState<FieldUtility>('power');
  const [kind, setKind] = useState<NoticeKind>('planned');
  const [district, setDistrict] = useState<string>(cityDistricts[0]);
  const [day, setDay] = useState('0');
  const [from, setFrom] = useState('9');
  const [to, setTo] = useState('17');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const fail = (err: unknown) => setProblem(err instanceof Error ? err.message : '没有成功，请再试一次。');
  const load = useCallback(
    () =>
      agentApi.call('listStaffNotices', { query: { state: 'all' } }).then(
        (list) => setItems(list.items),
        (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const publish = async () => {
    const now = new Date();
    const body = {
      utility,
      kind,
      district,
      description: description.trim(),
      startsAt: beijingAt(Number(day), Number(from), now),
      endsAt: beijingAt(Number(day), Number(to), now),
    };
    const wrong = problemOf(NoticeBody, body);
    if (wrong) {
      setProblem(wrong);
      return;
    }
    try {
      const made = await agentApi.call('createNotice', { body: body as NoticeBody });
      setDone(`已发布：${noticeSentence(made)}`);
      setDescription('');
      setProblem(null);
      void load();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <View className="report">
      <View className="agent-card" {...roleProps('region')} aria-label="发布通知">
        <Text className="agent-card__title">发布停电、停水、停气通知</Text>
        <ChipGroup
          label="业务"
          showLabel
          options={fieldUtilityValues.map((v) => ({ value: v, label: fieldUtilityLabels[v] }))}
          selected={[utility]}
          onToggle={(v) => setUtility(v as FieldUtility)}
        />
        <ChipGroup
          label="类别"
          showLabel
          options={noticeKindValues.map((v) => ({ value: v, label: noticeKindLabels[v] }))}
          selected={[kind]}
          onToggle={(v) => setKind(v as NoticeKind)}
        />
        <ChipGroup
          label="区"
          showLabel
          options={cityDistricts.map((d) => ({ value: d, label: d }))}
          selected={[district]}
          onToggle={setDistrict}
        />
        <ChipGroup label="日期" showLabel options={DAYS} selected={[day]} onToggle={setDay} />
        <ChipGroup label="开始" showLabel options={HOURS} selected={[from]} onToggle={setFrom} />
        <ChipGroup label="预计恢复" showLabel options={HOURS} selected={[to]} onToggle={setTo} />
        <Input
          className="agent__input"
          aria-label="范围和原因"
          placeholder="范围和原因"
          value={description}
          maxlength={500}
          onInput={(e: unknown) => setDescription(inputValue(e))}
        />
        <StaffProblem text={problem} />
        {done ? (
          <Text className="agent-card__line" {...roleProps('status')}>
            {done}
          </Text>
        ) : null}
        <ActionButton variant="primary" onPress={() => void publish()}>
          发布通知
        </ActionButton>
      </View>

      <View className="agent-section" {...roleProps('region')} aria-label="通知列表">
        {items.length === 0 ? <Text className="bm-note">还没有通知。</Text> : null}
        {items.map((n) => (
          <View key={n.id} className="agent-card">
            <Text className="agent-card__title">
              {noticeSentence(n)}（{noticeStatusLabels[n.status]}）
            </Text>
            <Text className="agent-card__line">{n.description}</Text>
            <Text className="agent-card__line">
              {n.streets.length > 0 ? `范围：${n.streets.join('、')} · ` : ''}关联报修 {n.orders} 单 · 发布人{' '}
              {n.createdBy ?? '—'}
            </Text>
            {n.status === 'scheduled' || n.status === 'ongoing' ? (
              <ActionButton
                onPress={() =>
                  void agentApi
                    .call('updateNotice', { params: { id: n.id }, body: { status: 'restored' } })
                    .then(() => load(), fail)
                }
              >
                已恢复
              </ActionButton>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}
