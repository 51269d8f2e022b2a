import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import {
  campaignScopeKindLabels,
  campaignScopeKindValues,
  campaignStateLabels,
  followupBusinessLabels,
  followupBusinessValues,
  StartCampaignBody,
  type Campaign,
  type CampaignList,
  type CampaignScopeKind,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { inputValue } from '../../../lib/input';
import { problemOf } from '../Field';
import { useAgent } from '../live';
import { AGENT_FOLLOWUPS, agentApi } from '../services';
import { periodWords, quickPeriods } from './words';
import '../agent.scss';
import '../followups/followups.scss';
import { StaffProblem } from '../Problem';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : '没有办成，请稍后再试。');
const KINDS = campaignScopeKindValues.map((v) => ({ value: v, label: campaignScopeKindLabels[v] }));
const BUSINESSES = followupBusinessValues.map((v) => ({ value: v, label: followupBusinessLabels[v] }));

interface Form {
  name: string;
  kind: CampaignScopeKind;
  value: string;
  from: string;
  to: string;
}

/** The body the form makes (checked with the shared schema before it is sent). */
function bodyOf(f: Form): unknown {
  const scope =
    f.kind === 'business'
      ? { kind: f.kind, business: f.value }
      : f.kind === 'team'
        ? { kind: f.kind, team: f.value }
        : { kind: f.kind, district: f.value };
  return { name: f.name.trim(), scope, from: f.from.trim(), to: f.to.trim() };
}

/**
 * 专题回访: the supervisor starts a campaign (name, one business type, 班组 or district, a period)
 * whose records are all followed up, and sees her campaigns with their counts; 看回访 opens the
 * 回访台 on one campaign, 结束 stops it taking new records.
 */
export default function CampaignsPage() {
  const agent = useAgent();
  const [list, setList] = useState<CampaignList | null>(null);
  // the quick periods are counted from the day the page opened
  const [quick] = useState(() => quickPeriods(Date.now()));
  const [form, setForm] = useState<Form>(() => {
    const month = quick[0];
    return { name: '', kind: 'business', value: '', from: month?.from ?? '', to: month?.to ?? '' };
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState<string | null>(null);
  const supervisor = agent?.role === 'supervisor';

  const load = useCallback(
    () => agentApi.call('listCampaigns').then(setList, (err: unknown) => setProblem(messageOf(err))),
    [],
  );
  useEffect(() => {
    if (supervisor) void load();
  }, [supervisor, load]);

  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblem(null);
  };
  const start = async () => {
    if (busy) return;
    const body = bodyOf(form);
    const wrong = problemOf(StartCampaignBody, body);
    if (wrong) {
      setProblem(wrong);
      return;
    }
    setBusy(true);
    try {
      const made = await agentApi.call('startCampaign', { body: StartCampaignBody.parse(body) });
      setDone(`已开始「${made.name}」：${made.tasks} 条要回访。`);
      set({ name: '', value: '' });
      void load();
    } catch (err) {
      setDone(null);
      setProblem(messageOf(err));
    }
    setBusy(false);
  };
  // 结束 asks once more on the card itself: a second, plainly worded press
  const end = async (c: Campaign) => {
    if (ending !== c.id) {
      setEnding(c.id);
      return;
    }
    setEnding(null);
    try {
      const ended = await agentApi.call('endCampaign', { params: { id: c.id } });
      setDone(`已结束「${ended.name}」。`);
      void load();
    } catch (err) {
      setProblem(messageOf(err));
    }
  };

  if (!agent) return <Page staff className="agent" />;
  if (!supervisor) {
    return (
      <Page staff className="agent">
        <Text className="bm-text">专题回访由班长开始和结束。</Text>
      </Page>
    );
  }
  const values =
    form.kind === 'business'
      ? BUSINESSES
      : (form.kind === 'team' ? (list?.teams ?? []) : (list?.districts ?? [])).map((v) => ({ value: v, label: v }));
  return (
    <Page staff className="agent followups">
      <View className="agent-bar">
        <Text className="agent-bar__name">专题回访 · {agent.displayName}</Text>
        <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_FOLLOWUPS })}>
          回访台
        </ActionButton>
      </View>

      <View className="agent-section" {...roleProps('region')} aria-label="开始专题回访">
        <Text className="agent-section__title">开始专题回访</Text>
        <Text className="bm-note">范围内、时间段里办完的业务全部回访，不按抽样比例。</Text>
        <Input
          className="agent__input"
          aria-label="专题名称"
          placeholder="专题名称，例如：东城区改管回访"
          value={form.name}
          maxlength={40}
          onInput={(e: unknown) => set({ name: inputValue(e) })}
        />
        <ChipGroup
          className="followups__filter"
          label="范围"
          showLabel
          options={KINDS}
          selected={[form.kind]}
          onToggle={(v) => set({ kind: v as CampaignScopeKind, value: '' })}
        />
        <ChipGroup
          className="followups__filter"
          label={campaignScopeKindLabels[form.kind]}
          showLabel
          options={values}
          selected={form.value ? [form.value] : []}
          onToggle={(v) => set({ value: v })}
        />
        <ChipGroup
          className="followups__filter"
          label="时间段"
          showLabel
          options={quick.map((q) => ({ value: q.label, label: q.label }))}
          selected={quick.filter((q) => q.from === form.from && q.to === form.to).map((q) => q.label)}
          onToggle={(v) => {
            const q = quick.find((p) => p.label === v);
            if (q) set({ from: q.from, to: q.to });
          }}
        />
        <View className="campaign-form__days">
          <Input
            className="agent__input"
            aria-label="开始日期"
            placeholder="开始日期 2026-06-01"
            value={form.from}
            maxlength={10}
            onInput={(e: unknown) => set({ from: inputValue(e) })}
          />
          <Input
            className="agent__input"
            aria-label="结束日期"
            placeholder="结束日期 2026-06-30"
            value={form.to}
            maxlength={10}
            onInput={(e: unknown) => set({ to: inputValue(e) })}
          />
        </View>
        <StaffProblem text={problem} />
        {done ? (
          <Text className="followups__done" {...roleProps('status')}>
            {done}
          </Text>
        ) : null}
        <ActionButton variant="primary" onPress={() => void start()}>
          {busy ? '正在开始…' : '开始专题回访'}
        </ActionButton>
      </View>

      <View className="agent-section" {...roleProps('region')} aria-label="专题列表">
        <Text className="agent-section__title">专题列表（共 {list?.total ?? 0} 个）</Text>
        {list && list.items.length === 0 ? <Text className="bm-text">还没有专题回访。</Text> : null}
        {list?.items.map((c) => (
          <View key={c.id} className="agent-card" {...roleProps('group')} aria-label={c.name}>
            <Text className="agent-card__title">
              {c.name} · {campaignStateLabels[c.state]}
            </Text>
            <Text className="agent-card__line">
              {c.scopeText} · {periodWords(c.from, c.to)}
            </Text>
            <Text className="followups__total">
              回访 {c.tasks} 条，已回访 {c.done} 条，还剩 {c.tasks - c.done} 条
            </Text>
            <View className="followup-card__actions">
              <ActionButton onPress={() => void Taro.navigateTo({ url: `${AGENT_FOLLOWUPS}?campaign=${c.id}` })}>
                看回访
              </ActionButton>
              {c.state === 'active' ? (
                <ActionButton variant={ending === c.id ? 'primary' : 'secondary'} onPress={() => void end(c)}>
                  {ending === c.id ? '确认结束' : '结束专题'}
                </ActionButton>
              ) : null}
            </View>
            {ending === c.id ? <Text className="bm-note">结束后不再加入新的业务，已有的回访留在回访台。</Text> : null}
          </View>
        ))}
      </View>
    </Page>
  );
}
