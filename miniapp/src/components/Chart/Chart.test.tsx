import { render, screen } from '@testing-library/react';
import { getInstanceByDom } from 'echarts/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Chart, type ChartOption } from '.';

const option: ChartOption = {
  xAxis: { type: 'category', data: ['投诉', '缴费失败'] },
  yAxis: { type: 'value' },
  series: [{ type: 'bar', data: [12, 3], label: { show: true } }],
};
const LABEL = '按原因：投诉 12 条，缴费失败 3 条';

/** jsdom lays nothing out: give every element a box, and catch what the chart observes. */
let size = { width: 400, height: 240 };
const observed: Array<() => void> = [];
beforeEach(() => {
  size = { width: 400, height: 240 };
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(() => size.width);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(() => size.height);
  // ECharts measures text on a canvas, which jsdom does not draw on
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({
    measureText: (text: string) => ({ width: text.length * 8 }),
  } as unknown as CanvasRenderingContext2D);
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(private readonly callback: () => void) {}
      observe() {
        observed.push(this.callback);
      }
      disconnect() {
        observed.splice(observed.indexOf(this.callback), 1);
      }
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  observed.length = 0;
});

describe('Chart', () => {
  it('draws the option as SVG in a box named by its summary', () => {
    render(<Chart option={option} label={LABEL} />);
    const box = screen.getByRole('img', { name: LABEL });
    const svg = box.querySelector('svg');
    expect(svg?.getAttribute('width')).toBe('400');
    // the two bars, and their figures written on them
    expect(box.querySelectorAll('path').length).toBeGreaterThanOrEqual(2);
    expect(box.textContent).toContain('12');
    expect(box.textContent).toContain('投诉');
  });

  it('follows its container when it is resized', () => {
    render(<Chart option={option} label={LABEL} />);
    const box = screen.getByRole('img', { name: LABEL });
    size = { width: 700, height: 300 };
    for (const callback of observed) callback();
    expect(box.querySelector('svg')?.getAttribute('width')).toBe('700');
  });

  it('redraws a new option', () => {
    const view = render(<Chart option={option} label={LABEL} />);
    view.rerender(
      <Chart
        option={{ ...option, series: [{ type: 'bar', data: [99, 3], label: { show: true } }] }}
        label="按原因：投诉 99 条"
      />,
    );
    const box = screen.getByRole('img', { name: '按原因：投诉 99 条' });
    expect(box.textContent).toContain('99');
  });

  it('lets go of the chart when it is unmounted', () => {
    const view = render(<Chart option={option} label={LABEL} />);
    const box = screen.getByRole('img', { name: LABEL });
    const chart = getInstanceByDom(box);
    expect(chart).toBeDefined();
    view.unmount();
    expect(chart?.isDisposed()).toBe(true);
    expect(getInstanceByDom(box)).toBeUndefined();
    expect(observed).toHaveLength(0);
  });
});
