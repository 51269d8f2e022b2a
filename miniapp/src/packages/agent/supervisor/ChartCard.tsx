import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Chart, type ChartOption } from '../../../components/Chart';
import { roleProps } from '../../../lib/a11y';

/**
 * A card of the supervisor's report: a title, the chart, and under it the same figures in
 * words (`children`), so nothing depends on seeing the drawing.
 */
export function ChartCard(props: { title: string; option: ChartOption; summary: string; children?: ReactNode }) {
  return (
    <View className="report-block report-card" {...roleProps('region')} aria-label={props.title}>
      <Text className="report-block__title">{props.title}</Text>
      <Chart option={props.option} label={props.summary} />
      <View className="report-figures">{props.children}</View>
    </View>
  );
}

/** One figure under a chart: short, so several share a line on a wide card. */
export function Figure({ children }: { children: ReactNode }) {
  return <Text className="report-figure">{children}</Text>;
}
