import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import {
  followupBusinessLabels,
  followupBusinessValues,
  followupLevelLabels,
  type Campaign,
  type FollowupBusiness,
  type FollowupPage,
  type FollowupRecordBody,
} from '@bianmin/shared';
import { ApiError } from '../../../api/client';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { offsetOf, useAgent, useServerNow } from '../live';
import { AGENT_BULLETIN, AGENT_CAMPAIGNS, AGENT_SUPERVISOR, agentApi } from '../services';
import { SignOutButton } from '../SignOut';
import { FollowupCard } from './FollowupCard';
import { useLatestLoad } from '../../../lib/latest';
import { Pager, pageCount } from '../Pager';
import { groupDigits } from './words';
import '../agent.scss';
import './followups.scss';
import { StaffProblem } from '../Problem';

/** Tasks per page of the due list. */
export const PAGE_SIZE = 20;
const ALL = '';
const BUSINESSES = [
  { value: ALL, label: '全部业务' },
  ...followupBusinessValues.map((v) => ({ value: v, label: followupBusinessLabels[v] })),
];

const messageOf = (err: unknown) => (err instanceof Error ? err.message : '没有取到，请稍后再试。');

/**
 * 回访台: the 回访员's due list, oldest due first, paged with its total, filtered by 班组,
 * 业务 and 专题回访 (the campaign may come in the address: `?campaign=<id>`); each row with a big 打电话, the open row recorded in three taps. A recorded row leaves the
 * list and the next one opens. Supervisors open it too (the phone masked, no 打电话).
 */
export default function FollowupDeskPage() {
  const agent = useAgent();
  const [page, setPage] = useState(1);
  const [team, setTeam] = useState(ALL);
  const [business, setBusiness] = useState(ALL);
  const [campaign, setCampaign] = useState(useRouter().params.campaign ?? ALL);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [list, setList] = useState<FollowupPage | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // on a phone the chips would fill the first screen: they open on request
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [offset, setOffset] = useState(0);
  const now = useServerNow(offset);
  const allowed = agent?.role === 'followup' || agent?.role === 'supervisor';

  const fetchPage = useCallback(
    () =>
      agentApi.call('listFollowups', {
        query: {
          state: 'open',
          page,
          pageSize: PAGE_SIZE,
          ...(team ? { team } : {}),
          ...(business ? { business: business as FollowupBusiness } : {}),
          ...(campaign ? { campaign } : {}),
        },
      }),
    [page, team, business, campaign],
  );
  const apply = useCallback(
    (next: FollowupPage, keepProblem = false) => {
      // the last row of a later page recorded: that page is gone, show the one before
      if (next.items.length === 0 && page > 1) {
        setPage(page - 1);
        return;
      }
      setList(next);
      setOffset(offsetOf(next.serverTime));
      setCurrentId((id) => (id && next.items.some((t) => t.id === id) ? id : (next.items[0]?.id ?? null)));
      if (!keepProblem) setProblem(null);
    },
    [page],
  );
  const fail = useCallback((err: unknown) => setProblem(messageOf(err)), []);
  const load = useCallback(
    (keepProblem = false) => fetchPage().then((next) => apply(next, keepProblem), fail),
    [fetchPage, apply, fail],
  );
  // only the page and filters chosen last are shown, whatever order the answers come in
  useLatestLoad(allowed ? fetchPage : null, `${page}|${team}|${business}|${campaign}`, apply, fail);
  // the campaigns for the filter: without them the desk still works, unfiltered
  useEffect(() => {
    if (allowed)
      agentApi.call('listCampaigns').then(
        (l) => setCampaigns(l.items),
        () => setCampaigns([]),
      );
  }, [allowed]);
  const campaignName = campaigns.find((c) => c.id === campaign)?.name ?? (campaign ? '专题回访' : '');

  const record = async (id: string, body: FollowupRecordBody): Promise<boolean> => {
    try {
      const task = await agentApi.call('recordFollowup', { params: { id }, body });
      const order = task.result?.complaintOrder;
      setDone(
        `已记录：${task.residentName}，${followupLevelLabels[task.result?.level ?? body.level]}` +
          (order ? `；已转投诉工单 ${order.no}` : '') +
          '。',
      );
      // the row leaves at once and the next one opens; the page is read again to fill it up
      setList((l) => (l ? { ...l, items: l.items.filter((t) => t.id !== id), total: l.total - 1 } : l));
      const items = list?.items ?? [];
      const at = items.findIndex((t) => t.id === id);
      setCurrentId((items[at + 1] ?? items[at - 1])?.id ?? null);
      setProblem(null);
      void load();
      return true;
    } catch (err) {
      setDone(null);
      setProblem(messageOf(err));
      // recorded already (by a colleague, or twice): the list is read again and the row leaves
      if (err instanceof ApiError && err.code === 'FOLLOWUP_DONE') void load(true);
      return false;
    }
  };
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPage(1);
  };

  if (!agent) return <Page staff className="agent" />;
  if (!allowed) {
    return (
      <Page staff className="agent">
        <Text className="bm-text">回访台给回访员和班长使用。</Text>
      </Page>
    );
  }
  const pages = list ? pageCount(list.total, PAGE_SIZE) : 1;
  return (
    <Page staff className="agent followups">
      <View className="agent-bar">
        <Text className="agent-bar__name">回访台 · {agent.displayName}</Text>
        <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_BULLETIN })}>
          回访简报
        </ActionButton>
        {agent.role === 'supervisor' ? (
          <>
            <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_CAMPAIGNS })}>
              专题回访
            </ActionButton>
            <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_SUPERVISOR })}>
              班长视图
            </ActionButton>
          </>
        ) : null}
        <SignOutButton />
      </View>
      <ActionButton onPress={() => setFiltersOpen(!filtersOpen)}>
        {filtersOpen
          ? '收起筛选'
          : `筛选：${team || '全部班组'} · ${business ? followupBusinessLabels[business as FollowupBusiness] : '全部业务'}${campaignName ? ` · ${campaignName}` : ''}`}
      </ActionButton>
      {filtersOpen ? (
        <>
          <ChipGroup
            className="followups__filter"
            label="班组"
            showLabel
            options={[{ value: ALL, label: '全部班组' }, ...(list?.teams ?? []).map((t) => ({ value: t, label: t }))]}
            selected={[team]}
            onToggle={filter(setTeam)}
          />
          <ChipGroup
            className="followups__filter"
            label="业务"
            showLabel
            options={BUSINESSES}
            selected={[business]}
            onToggle={filter(setBusiness)}
          />
          {campaigns.length > 0 ? (
            <ChipGroup
              className="followups__filter"
              label="专题回访"
              showLabel
              options={[{ value: ALL, label: '全部' }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]}
              selected={[campaign]}
              onToggle={filter(setCampaign)}
            />
          ) : null}
        </>
      ) : null}
      <StaffProblem text={problem} />
      {done ? (
        <Text className="followups__done" {...roleProps('status')}>
          {done}
        </Text>
      ) : null}
      {list ? (
        <View className="agent-section" {...roleProps('region')} aria-label="要回访的">
          <Text className="followups__total">
            共 {groupDigits(list.total)} 条，第 {groupDigits(list.page)} 页（共 {groupDigits(pages)} 页）
          </Text>
          {list.items.length === 0 ? (
            <Text className="bm-text">{team || business || campaign ? '这里没有要回访的。' : '回访都做完了。'}</Text>
          ) : null}
          {list.items.map((task) => (
            <FollowupCard
              key={task.id}
              task={task}
              now={now}
              current={task.id === currentId}
              canCall={agent.role === 'followup'}
              onOpen={() => setCurrentId(task.id)}
              onRecord={(body) => record(task.id, body)}
            />
          ))}
          <Pager page={list.page} pages={pages} onPage={setPage} />
        </View>
      ) : (
        <Text className="bm-text">正在打开…</Text>
      )}
    </Page>
  );
}
