import { Canvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useId, useRef } from 'react';
import { roleProps } from '../../lib/a11y';
import { isH5 } from '../../lib/platform';
import { init, setPlatformAPI, withText, type ChartOption, type ECharts } from './echarts';
import { MiniCanvas, type MiniCanvasNode } from './mini-canvas';
import './index.scss';

export type { ChartOption } from './echarts';

/** Props of a chart. */
export interface ChartProps {
  /** What to draw; a new object redraws the chart. */
  option: ChartOption;
  /**
   * The chart in one or two Chinese sentences with its figures (「各类问题的占比：投诉 12 条，占
   * 30.00%……」): what a screen reader says, since the drawing itself says nothing. The page still
   * writes the figures out as text beside the chart.
   */
  label: string;
}

/** The CSS font size of an element in px (the chart's text follows the theme, 长辈模式 included). */
function fontSizeOf(el: Element): number {
  return parseFloat(getComputedStyle(el).fontSize) || 14;
}

/** H5: ECharts' SVG renderer on a div, resized with it, disposed with it. */
function BrowserChart({ option, label }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const c = init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.setOption(withText(latest.current, fontSizeOf(el)), { notMerge: true });
    // elder mode and a window drag both change the box: redraw at the new size and text size
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            c.resize();
            c.setOption(withText(latest.current, fontSizeOf(el)), { notMerge: true });
          });
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = option;
    const el = ref.current;
    if (el) chart.current?.setOption(withText(option, fontSizeOf(el)), { notMerge: true });
  }, [option]);

  return <View ref={ref} className="bm-chart" {...roleProps('img')} aria-label={label} />;
}

/**
 * weapp: ECharts' canvas renderer on a `Canvas type="2d"`, the way echarts-for-weixin does it: the
 * canvas node is wrapped in a small adapter ECharts takes for a DOM canvas, and is also the
 * canvas ECharts measures text with.
 */
function MiniProgramChart({ option, label }: ChartProps) {
  // a canvas is found by id, and an id for a selector may hold only letters and digits
  const id = `bm-chart-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const chart = useRef<ECharts | null>(null);
  const font = useRef(14);
  const latest = useRef(option);

  useEffect(() => {
    let gone = false;
    let c: ECharts | null = null;
    const draw = () => c?.setOption(withText(latest.current, font.current), { notMerge: true });
    const measure = (then: (node: MiniCanvasNode, width: number, height: number) => void) =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true, computedStyle: ['font-size'] })
        .exec((res: Array<{ node: MiniCanvasNode; width: number; height: number; 'font-size'?: string }>) => {
          const hit = res[0];
          if (!hit || gone) return;
          font.current = parseFloat(hit['font-size'] ?? '') || 14;
          then(hit.node, hit.width, hit.height);
        });
    Taro.nextTick(() =>
      measure((node, width, height) => {
        const canvas = new MiniCanvas(node);
        // there is no document to make a measuring canvas from: ECharts measures on this one
        setPlatformAPI({ createCanvas: () => canvas as unknown as HTMLCanvasElement });
        c = init(canvas as unknown as HTMLElement, undefined, {
          renderer: 'canvas',
          width,
          height,
          devicePixelRatio: Taro.getWindowInfo().pixelRatio,
        });
        chart.current = c;
        draw();
      }),
    );
    const onResize = () =>
      measure((_node, width, height) => {
        c?.resize({ width, height });
        draw();
      });
    Taro.onWindowResize(onResize);
    return () => {
      gone = true;
      Taro.offWindowResize(onResize);
      c?.dispose();
      chart.current = null;
    };
  }, [id]);

  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(withText(option, font.current), { notMerge: true });
  }, [option]);

  return (
    <View className="bm-chart" {...roleProps('img')} aria-label={label}>
      <Canvas type="2d" id={id} className="bm-chart__canvas" />
    </View>
  );
}

/**
 * A chart drawn with ECharts, sized by its container (full width, the theme's chart height),
 * with a Chinese summary as its accessible name. Put the figures in text next to it as well.
 */
export function Chart(props: ChartProps) {
  return isH5 ? <BrowserChart {...props} /> : <MiniProgramChart {...props} />;
}
