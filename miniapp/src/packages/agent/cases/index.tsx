import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { helpCategoryLabels, helpCategoryValues, type CasePage, type HelpCategory } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { ChipGroup } from '../../../components/ChipGroup';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { useLatestLoad } from '../../../lib/latest';
import { CaseLines } from '../Cases';
import { useAgent } from '../live';
import { Pager, pageCount } from '../Pager';
import { AGENT_DESK, agentApi } from '../services';
import '../agent.scss';
import { StaffProblem } from '../Problem';

const PAGE_SIZE = 20;
const ALL = 'all';
const CATEGORIES = [
  { value: ALL, label: '全部' },
  ...helpCategoryValues.map((v) => ({ value: v, label: helpCategoryLabels[v] })),
];

/**
 * 案例库: every case staff have kept (原因、解决办法、经验), newest first, by problem category; the
 * desk shows the matching ones beside each request, this page all of them.
 */
export default function CasesPage() {
  const agent = useAgent();
  const [category, setCategory] = useState<string>(ALL);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<CasePage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // only the category and page chosen last are shown, whatever order the answers come in
  useLatestLoad(
    agent
      ? () =>
          agentApi.call('listCases', {
            query: { page, pageSize: PAGE_SIZE, ...(category === ALL ? {} : { category: category as HelpCategory }) },
          })
      : null,
    `${category}|${page}`,
    setList,
    (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。'),
  );

  if (!agent) return <Page staff className="agent" />;
  return (
    <Page staff className="agent">
      <View className="agent-bar">
        <Text className="agent-bar__name">案例库 · {agent.displayName}</Text>
        <ActionButton className="agent-bar__link" onPress={() => void Taro.navigateTo({ url: AGENT_DESK })}>
          回到工作台
        </ActionButton>
      </View>
      <View className="agent-section" {...roleProps('region')} aria-label="案例">
        <ChipGroup
          label="问题类别"
          showLabel
          options={CATEGORIES}
          selected={[category]}
          onToggle={(v) => {
            setCategory(v);
            setPage(1);
          }}
        />
        <StaffProblem text={problem} />
        {list ? (
          <>
            <Text className="agent-section__title">
              共 {list.total} 个案例，第 {list.page} 页（共 {pageCount(list.total, PAGE_SIZE)} 页）
            </Text>
            {list.items.length === 0 ? (
              <Text className="bm-text">这一类还没有案例。办结求助后，在工作台上点「存为案例」。</Text>
            ) : null}
            {list.items.map((c) => (
              <View key={c.id} className="agent-card">
                <Text className="agent-card__title">{helpCategoryLabels[c.category]}</Text>
                <CaseLines item={c} />
              </View>
            ))}
            <Pager page={list.page} pages={pageCount(list.total, PAGE_SIZE)} onPage={setPage} />
          </>
        ) : (
          <Text className="bm-text">正在打开…</Text>
        )}
      </View>
    </Page>
  );
}
