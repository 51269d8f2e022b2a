/**
 * The one place that loads ECharts: only the chart types and components the app draws, from
 * `echarts/core`, so the rest of the library stays out of the bundle. SVG draws in the browser
 * (crisp at any zoom, testable in jsdom); canvas draws in the mini-program (a `Canvas type="2d"`).
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { init, setPlatformAPI, use as register } from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

register([BarChart, LineChart, PieChart, GridComponent, LegendComponent, CanvasRenderer, SVGRenderer]);

/** What a chart draws: an ECharts option limited to the parts registered above. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption
>;

export { init, setPlatformAPI, type ECharts };

/**
 * Series colours, darkest first. Canvas cannot read the theme's custom properties, so they live
 * here; each has at least 3:1 contrast on the white card (WCAG non-text contrast), and the first
 * is the theme's primary green.
 */
export const CHART_COLORS = ['#0a6640', '#1d4ed8', '#b45309', '#7c3aed', '#b42318', '#0e7490', '#4e5969'];

type Labelled = { axisLabel?: object; nameTextStyle?: object };

const sized = <T extends Labelled>(axis: T | T[] | undefined, fontSize: number): T | T[] | undefined =>
  Array.isArray(axis)
    ? axis.map((a) => ({ ...a, axisLabel: { ...a.axisLabel, fontSize } }))
    : axis && { ...axis, axisLabel: { ...axis.axisLabel, fontSize } };

/**
 * The option with every text at `fontSize` (the chart's CSS font size: the theme's caption size,
 * larger in 长辈模式), the shared colours, no animation (figures appear at once, and reduced
 * motion is respected) and no tooltips (every figure is written out, nothing hides behind a
 * hover a phone cannot do).
 */
export function withText(option: ChartOption, fontSize: number): ChartOption {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  const legend = Array.isArray(option.legend) ? undefined : option.legend;
  return {
    ...option,
    color: option.color ?? CHART_COLORS,
    animation: false,
    textStyle: { fontSize, color: '#1f2329' },
    ...(legend ? { legend: { ...legend, textStyle: { ...legend.textStyle, fontSize } } } : {}),
    xAxis: sized(option.xAxis, fontSize),
    yAxis: sized(option.yAxis, fontSize),
    series: series.map((s) => ({ ...s, label: { ...s.label, fontSize } }) as typeof s),
  };
}
