import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_BILLING_ACCOUNTS } from '../../bff/src/seed/billing';
import { browserStorageFor, setElderMode, signInDemoResident, type DemoResident } from '../a11y/pages';
import { screenshot } from '../helpers/browser';
import { demoAndBrowser } from '../helpers/e2e';

// The bills page of an account with six unpaid bills, the older ones overdue with a late fee:
// overdue bills are marked (已逾期 N 天, the late fee) and come first, and the total and the pay
// action are on the first screen, in the bottom bar, covered by nothing (the help button
// included), at 375 × 667 and 320 × 568, in both modes; scrolled to the end, no bill stays
// hidden under the bar.

const SIZES = [
  { width: 375, height: 667 },
  { width: 320, height: 568 },
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not laid out');
  return box;
}

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Every part of the element is inside the viewport and is what the screen shows there: at a grid
 * of points over it, the topmost element is the element itself or inside it.
 */
async function expectInViewAndUncovered(page: Page, locator: Locator, what: string) {
  const box = await boxOf(locator);
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(viewport.height);
  const covered = await locator.evaluate((el, b) => {
    const out: string[] = [];
    // inside the box's inscribed ellipse too, so a round button counts all its points
    for (const fx of [0.2, 0.5, 0.8]) {
      for (const fy of [0.2, 0.5, 0.8]) {
        const x = b.x + b.width * fx;
        const y = b.y + b.height * fy;
        const top = document.elementFromPoint(x, y);
        if (!top || !(el === top || el.contains(top)))
          out.push(`${Math.round(x)},${Math.round(y)}: ${top?.className ?? 'nothing'}`);
      }
    }
    return out;
  }, box);
  expect(covered, `${what} is covered at`).toEqual([]);
}

describe('the bills page: overdue first, and the pay bar in view on the first screen', () => {
  const run = demoAndBrowser();

  for (const elder of [false, true]) {
    for (const size of SIZES) {
      const name = `${elder ? 'elder' : 'normal'} ${size.width}x${size.height}`;
      it(`${name}: six bills, overdue marked first, total and 去缴费 uncovered, nothing hidden under the bar`, async () => {
        const resident: DemoResident = await signInDemoResident(run.demo.url);
        const { utility, accountNo, holderName } = DEMO_BILLING_ACCOUNTS.overdue;
        const bound = await fetch(`${run.demo.url}/api/accounts`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${resident.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ utility, accountNo, holderName }),
        });
        expect(bound.status).toBe(201);
        const { id: accountId } = (await bound.json()) as { id: string };
        await setElderMode(resident, elder);
        const context = await run.browser.newContext({
          viewport: size,
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          timezoneId: 'America/New_York',
        });
        await context.addInitScript(
          (entries: Record<string, string>) => {
            for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
          },
          browserStorageFor(resident, elder),
        );
        const page = await context.newPage();
        try {
          await page.goto(`${run.demo.url}/#/packages/pay/bills/index?accountId=${accountId}`);
          const rows = page.getByRole('checkbox');
          await expect.poll(() => rows.count()).toBe(6);
          await expect
            .poll(() => page.locator(`.bm-page.${elder ? 'theme-elder' : 'theme-normal'}`).count())
            .toBeGreaterThan(0);

          // overdue bills marked, with their late fee, and first, most overdue first
          const labels = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
          const days = labels.map((l) => Number(/已逾期 (\d+) 天/.exec(l)?.[1] ?? 0));
          expect(days.filter((d) => d > 0).length).toBeGreaterThanOrEqual(4);
          expect(days).toEqual([...days].sort((a, b) => b - a));
          for (const [i, label] of labels.entries()) {
            if ((days[i] ?? 0) > 0) expect(label).toMatch(/含晚交多收的钱 ¥\d/);
          }
          await page
            .getByText(/^已逾期 \d+ 天$/)
            .first()
            .waitFor();

          // the bar's total and action, and the help button, on the first screen and covered by nothing
          const total = page.getByRole('status', { name: /已选 6 笔，合计/ });
          const pay = page.getByRole('button', { name: '去缴费' });
          const help = page.getByRole('button', { name: '一键求助' });
          await screenshot(page, `pay-bar-${elder ? 'elder' : 'normal'}-${size.width}`);
          await expectInViewAndUncovered(page, total, 'the total');
          await expectInViewAndUncovered(page, pay, '去缴费');
          await expectInViewAndUncovered(page, help, '一键求助');
          const helpBox = await boxOf(help);
          expect(intersects(helpBox, await boxOf(pay))).toBe(false);
          expect(intersects(helpBox, await boxOf(total))).toBe(false);
          expect(await total.textContent()).toMatch(/¥\d/);

          // scrolled to the end, what ends the page (the year's usage, after the paid bills) is
          // above the bar, not under it
          await page.evaluate(() => {
            window.scrollTo(0, document.documentElement.scrollHeight);
            for (const el of Array.from(document.querySelectorAll('*'))) {
              if (el.scrollHeight > el.clientHeight + 1) el.scrollTop = el.scrollHeight;
            }
          });
          await expectInViewAndUncovered(
            page,
            page.getByText(/^近 \d+ 个月共/),
            'the last words: the year in a sentence',
          );
          await expectInViewAndUncovered(page, pay, '去缴费 at the end');
          await screenshot(page, `pay-bar-${elder ? 'elder' : 'normal'}-${size.width}-end`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
