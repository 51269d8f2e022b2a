import { Text, View } from '@tarojs/components';
import type { BillLine, Utility } from '@bianmin/shared';
import { Chart } from '../../../components/Chart';
import { roleProps } from '../../../lib/a11y';
import { useSession } from '../../../store/SessionProvider';
import { lastYear, usageChart, usageSummary } from './usage';

/** 近一年的用量: the chart of the last twelve bills, and the same in a sentence under it. */
export function UsageCard({ utility, bills }: { utility: Utility; bills: readonly BillLine[] }) {
  const { elderMode } = useSession();
  const year = lastYear(bills);
  if (year.length < 2) return null;
  const title = utility === 'power' ? '近一年用电' : utility === 'water' ? '近一年用水' : '近一年用气';
  const summary = usageSummary(utility, year);
  return (
    <View className="bm-card" {...roleProps('region')} aria-label={title}>
      <Text className="bm-heading">{title}</Text>
      <Chart option={usageChart(year, elderMode)} label={`${title}：${summary}`} />
      <Text className="bm-text">{summary}</Text>
    </View>
  );
}
