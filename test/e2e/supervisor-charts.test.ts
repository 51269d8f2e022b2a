import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, Assessment, beijingDay, beijingMidnight, HelpReport } from '@bianmin/shared';
import { browserStorageFor, setElderMode, signInDemoResident } from '../a11y/pages';
import { layoutFaultsInPage } from '../a11y/layout';
import { CLICKABLE_SELECTOR } from '../a11y/measure';
import { screenshot } from '../helpers/browser';
import { demoStaffToken } from '../helpers/demo';
import { demoAndBrowser } from '../helpers/e2e';

// Issues 14 and 15: the supervisor's report and 单位考核 drawn as charts over the demo's year of
// history, on a desk (two columns of chart cards) and on a phone (one), in both modes. Each chart
// must have drawn (an SVG of non-zero size with shapes in it), carry its figures in its name,
// and no card may lie over another or spill out of the page.

interface Drawn {
  label: string;
  width: number;
  height: number;
  shapes: number;
}

/** Runs in the page: every chart, its name, the size of its drawing and how many shapes it has. */
function chartsInPage(): Drawn[] {
  return Array.from(document.querySelectorAll('.bm-chart[role="img"]')).map((el) => {
    const svg = el.querySelector('svg');
    const rect = svg?.getBoundingClientRect();
    return {
      label: el.getAttribute('aria-label') ?? '',
      width: Math.round(rect?.width ?? 0),
      height: Math.round(rect?.height ?? 0),
      shapes: svg?.querySelectorAll('path, rect').length ?? 0,
    };
  });
}

/** Runs in the page: cards that overlap, drawings outside their card, cards past the screen's edge. */
function overlapsInPage(): { faults: string[]; columns: number } {
  const faults: string[] = [];
  const cards = Array.from(document.querySelectorAll('.report-card')).filter(
    (el) => el.getBoundingClientRect().width > 0,
  );
  const rects = cards.map((el) => el.getBoundingClientRect());
  const name = (i: number) => cards[i]?.getAttribute('aria-label') ?? cards[i]?.textContent.slice(0, 12) ?? '';
  for (let i = 0; i < rects.length; i += 1) {
    for (let j = i + 1; j < rects.length; j += 1) {
      const a = rects[i] as DOMRect;
      const b = rects[j] as DOMRect;
      const apart = a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
      if (!apart) faults.push(`${name(i)} overlaps ${name(j)}`);
    }
  }
  for (const chart of Array.from(document.querySelectorAll('.bm-chart'))) {
    const card = chart.closest('.report-card')?.getBoundingClientRect();
    const svg = chart.querySelector('svg')?.getBoundingClientRect();
    if (card && svg && (svg.left < card.left - 1 || svg.right > card.right + 1))
      faults.push(`${chart.getAttribute('aria-label')?.slice(0, 12) ?? ''} spills out of its card`);
  }
  // the app scrolls inside its page, not the document: measure the cards against the window
  rects.forEach((r, i) => {
    if (r.left < -1 || r.right > window.innerWidth + 1) faults.push(`${name(i)} runs past the screen`);
  });
  return { faults, columns: new Set(rects.map((r) => Math.round(r.left))).size };
}

const SIZES = [
  { name: 'desk', viewport: { width: 1280, height: 800 }, columns: 2, elder: false },
  { name: 'phone', viewport: { width: 375, height: 667 }, columns: 1, elder: false },
  { name: 'phone-elder', viewport: { width: 375, height: 667 }, columns: 1, elder: true },
] as const;

const share = (count: number, total: number) => `${((count / total) * 100).toFixed(2)}%`;

async function supervisorPage(browser: Browser, base: string, size: (typeof SIZES)[number]): Promise<Page> {
  const resident = await signInDemoResident(base);
  if (size.elder) await setElderMode(resident, true);
  const context = await browser.newContext({
    viewport: size.viewport,
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
    ...(size.name === 'desk' ? {} : { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
  await context.addInitScript(
    (entries: Record<string, string>) => {
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    },
    browserStorageFor(resident, size.elder),
  );
  const page = await context.newPage();
  await page.goto(`${base}/#/packages/agent/login/index`);
  await page.getByLabel('用户名').fill('super01');
  await page.getByLabel('密码').fill('bianmin-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByText('实时更新中').count()).toBeGreaterThan(0);
  await page.goto(`${base}/#/packages/agent/supervisor/index`);
  await expect.poll(() => page.getByRole('button', { name: '报表' }).count()).toBeGreaterThan(0);
  if (size.elder) expect(await page.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
  return page;
}

/** Waits until `count` charts have drawn, and answers them. */
async function drawn(page: Page, count: number): Promise<Drawn[]> {
  await expect
    .poll(async () => (await page.evaluate(chartsInPage)).filter((c) => c.width > 0 && c.shapes > 0).length)
    .toBe(count);
  return page.evaluate(chartsInPage);
}

/** A screenshot of the whole page: the window made as tall as what scrolls in it, then put back. */
async function wholePage(page: Page, name: string) {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  const height = await page.evaluate(() =>
    Math.max(...Array.from(document.querySelectorAll('*')).map((el) => el.scrollHeight)),
  );
  await page.setViewportSize({ width: viewport.width, height: Math.min(height, 8000) });
  await drawn(page, await page.locator('.bm-chart').count());
  await screenshot(page, name, { scale: 'css' });
  await page.setViewportSize(viewport);
}

async function checkLayout(page: Page, columns: number) {
  const { faults, columns: seen } = await page.evaluate(overlapsInPage);
  expect(faults).toEqual([]);
  expect(seen).toBe(columns);
  const layout = await page.evaluate(layoutFaultsInPage, { help: '.bm-help', clickable: CLICKABLE_SELECTOR });
  expect(layout.filter((f) => f.check !== 'help-overlap')).toEqual([]);
}

describe('the supervisor charts, on the demo year of history', () => {
  const run = demoAndBrowser({ SEED_DEMO_HISTORY: 'true' });

  it.each(SIZES)('draws the report and 单位考核 as charts with their figures ($name)', async (size) => {
    const base = run.demo.url;
    const token = await demoStaffToken(base, 'super01');
    const now = new Date();
    const query = new URLSearchParams({
      from: beijingMidnight(addDays(beijingDay(now), -364)).toISOString(),
      to: new Date(now.getTime() + 1000).toISOString(),
    });
    const auth = { headers: { Authorization: `Bearer ${token}` } };
    const report = HelpReport.parse(await (await fetch(`${base}/api/agent/reports?${query}`, auth)).json());
    const assessment = Assessment.parse(await (await fetch(`${base}/api/agent/assessment?period=month`, auth)).json());
    expect(report.total).toBeGreaterThan(300);

    const page = await supervisorPage(run.browser, base, size);
    await page.getByRole('button', { name: '报表' }).click();
    await page.getByRole('button', { name: '近一年' }).click();
    // the year's report has come when its trend goes by weeks (the first one drawn was 近 7 天)
    await expect.poll(() => page.getByRole('img', { name: /^每周的求助/ }).count()).toBe(1);
    const charts = await drawn(page, 5);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(size.viewport.width / 4);
      expect(chart.height).toBeGreaterThan(100);
    }
    const label = (start: string) => charts.find((c) => c.label.startsWith(start))?.label ?? '';
    const top = [...report.byCategory].sort((a, b) => b.count - a.count)[0];
    expect(label('各类问题的占比')).toContain(
      `${top?.label} ${top?.count} 条（${share(top?.count ?? 0, report.total)}）`,
    );
    expect(label('每周的求助')).toContain(`${report.total} 条`);
    const busiest = [...report.byHour].sort((a, b) => b.count - a.count || a.hour - b.hour)[0];
    expect(label('按时段')).toContain(`${busiest?.hour} 点 ${busiest?.count} 条`);
    for (const team of report.satisfaction.byTeam) expect(label('各组满意率')).toContain(team.team);
    expect(label('各组满意率')).toMatch(/\d+\.\d\d%/);
    // today's hours, whatever the period
    expect(label('今天')).toMatch(/^今天/);
    // the same figures are on the page in words
    expect(await page.getByText(`${top?.label} ${top?.count} 条`, { exact: false }).count()).toBeGreaterThan(0);
    await checkLayout(page, size.columns);
    await wholePage(page, `supervisor-report-${size.name}`);

    await page.getByRole('button', { name: '单位考核' }).click();
    const unitCharts = await drawn(page, 2);
    const completion = unitCharts.find((c) => c.label.startsWith('按时完成率'))?.label ?? '';
    for (const unit of assessment.units) {
      const rate = unit.current.completionOnTime;
      expect(completion).toContain(`${unit.unit.name} ${rate.rate === null ? '—' : share(rate.count, rate.of)}`);
    }
    expect(unitCharts.find((c) => c.label.startsWith('满意率'))?.label).toContain('上期');
    await checkLayout(page, size.columns);
    await wholePage(page, `supervisor-units-${size.name}`);
    await page.context().close();
  });
});
