import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CaseBody, dayText, helpCategoryLabels, type Case, type HelpCases, type HelpCategory } from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { roleProps } from '../../lib/a11y';
import { useLatestLoad } from '../../lib/latest';
import { inputValue } from '../../lib/input';
import { problemOf } from './Field';
import { agentApi } from './services';
import { StaffProblem } from './Problem';

/** Props of {@link CasesCard}. */
export interface CasesCardProps {
  /** What the cases are beside, and what may be kept: a help request or a complaint work order. */
  source: { helpId: string } | { orderId: string };
  /** The request is resolved (an order checked): it may be kept as a case. */
  resolved: boolean;
  /** The category: cases are found, and kept, by it (none without). */
  category: HelpCategory | null;
}

/** One case in a few lines: where and when, then cause, fix and the rule learned. */
export function CaseLines({ item, where }: { item: Case; where?: string }) {
  return (
    <View className="agent-case">
      <Text className="agent-card__line agent-case__head">
        {[where, item.district, dayText(item.createdAt), item.createdByName].filter(Boolean).join(' · ')}
      </Text>
      <Text className="agent-card__line">问题：{item.problem}</Text>
      <Text className="agent-card__line">原因：{item.cause}</Text>
      <Text className="agent-card__line">解决：{item.fix}</Text>
      <Text className="agent-card__line">经验：{item.lesson}</Text>
    </View>
  );
}

const FIELDS = [
  ['cause', '原因（为什么会这样）'],
  ['fix', '怎么解决的'],
  ['lesson', '经验（以后遇到怎么做）'],
] as const;
type Words = Record<(typeof FIELDS)[number][0], string>;
const EMPTY: Words = { cause: '', fix: '', lesson: '' };

/**
 * 相似案例 beside a request or a complaint order: the library's cases of its category, those of
 * its district first, so the agent starts from what worked last time. Once the request is
 * resolved (the order checked), she can keep it as a case (原因、解决办法、经验) for the next colleague.
 */
export function CasesCard({ source, category, resolved }: CasesCardProps) {
  const id = 'helpId' in source ? source.helpId : source.orderId;
  const categorised = category !== null;
  const categoryLabel = category ? helpCategoryLabels[category] : '';
  const [cases, setCases] = useState<HelpCases | null>(null);
  const [words, setWords] = useState<Words>(EMPTY);
  const [sheet, setSheet] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const fail = (err: unknown) => setProblem(err instanceof Error ? err.message : '没有取到，请稍后再试。');

  useLatestLoad(
    categorised ? () => agentApi.call('helpId' in source ? 'helpCases' : 'orderCases', { params: { id } }) : null,
    id,
    setCases,
    fail,
  );

  if (!categorised || !cases) return null;
  const keep = async () => {
    const body = { ...source, cause: words.cause.trim(), fix: words.fix.trim(), lesson: words.lesson.trim() };
    const wrong = problemOf(CaseBody, body);
    if (wrong) {
      setProblem(wrong);
      return;
    }
    try {
      const own = await agentApi.call('createCase', { body });
      setCases({ ...cases, own });
      setSheet(false);
      setProblem(null);
    } catch (err) {
      fail(err);
    }
  };

  if (cases.items.length === 0 && !resolved) return null;
  return (
    <View className="agent-card" {...roleProps('region')} aria-label="相似案例">
      {cases.items.length > 0 ? (
        <>
          <Text className="agent-card__title">
            同类案例（{categoryLabel}），共 {cases.total} 个
          </Text>
          {cases.items.map((c) => (
            <CaseLines key={c.id} item={c} where={c.sameDistrict ? '同区' : '别的区'} />
          ))}
        </>
      ) : null}
      {cases.own ? (
        <>
          <Text className="agent-card__title">已存为案例</Text>
          <CaseLines item={cases.own} />
        </>
      ) : resolved && !sheet ? (
        <ActionButton onPress={() => setSheet(true)}>存为案例</ActionButton>
      ) : resolved ? (
        <>
          <Text className="agent-card__title">存为案例（同事遇到同类问题时能看到）</Text>
          {FIELDS.map(([key, label]) => (
            <Input
              key={key}
              className="agent__input"
              aria-label={label}
              placeholder={label}
              value={words[key]}
              maxlength={300}
              onInput={(e: unknown) => setWords({ ...words, [key]: inputValue(e) })}
            />
          ))}
          <View className="agent-actions">
            <ActionButton variant="primary" onPress={() => void keep()}>
              保存案例
            </ActionButton>
            <ActionButton onPress={() => setSheet(false)}>取消</ActionButton>
          </View>
        </>
      ) : null}
      <StaffProblem text={problem} />
    </View>
  );
}
