import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { repoRoot } from '../helpers/process';
import { layoutFaultsInPage, scrollPageTo, type LayoutCheck, type LayoutFault } from './layout';
import { CLICKABLE_SELECTOR } from './measure';

// The layout checks of the page audit (layout.ts) on pages made to break them, one fault each, and
// on a page laid out the way the app does it: each check fails on its broken page and only there,
// so a check that could not fail, or that fails on a sound layout, shows up here.

const fixtures = path.join(repoRoot, 'test', 'a11y', 'fixtures');

/** What the audit does with a page: both phones, top and bottom, every fault found. */
async function faultsOf(page: Page, fixture: string): Promise<(LayoutFault & { at: string })[]> {
  const found: (LayoutFault & { at: string })[] = [];
  await page.goto(pathToFileURL(path.join(fixtures, fixture)).href);
  for (const viewport of [
    { width: 375, height: 667 },
    { width: 320, height: 568 },
  ]) {
    await page.setViewportSize(viewport);
    for (const where of ['top', 'bottom'] as const) {
      await page.evaluate(scrollPageTo, where);
      const faults = await page.evaluate(layoutFaultsInPage, { help: '.help', clickable: CLICKABLE_SELECTOR });
      found.push(...faults.map((f) => ({ ...f, at: `${viewport.width} ${where}` })));
    }
  }
  return found;
}

const checksOf = (faults: LayoutFault[]): LayoutCheck[] => [...new Set(faults.map((f) => f.check))].sort();

describe('the layout checks of the page audit', () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'zh-CN', hasTouch: true, isMobile: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('find nothing on a page laid out as the app does it (dock, rows that wrap)', async () => {
    expect(await faultsOf(page, 'good.html')).toEqual([]);
  });

  it('(a) catch the help button floating over the last button of a form', async () => {
    const faults = await faultsOf(page, 'help-over-button.html');
    expect(checksOf(faults)).toEqual(['help-overlap']);
    // at the top of the page, on both phones: the bottom button or field under the button
    expect(faults.filter((f) => f.at.endsWith('top')).length).toBeGreaterThan(0);
    expect(faults.map((f) => f.at)).toEqual(expect.arrayContaining(['375 top', '320 top']));
  });

  it('(a) catch a fixed bar of the page laid over the help button', async () => {
    const faults = await faultsOf(page, 'bar-over-help.html');
    expect(checksOf(faults)).toEqual(['help-overlap']);
    expect(faults.map((f) => f.text)).toContain('去缴费');
  });

  it('(b) catch a text squeezed to two characters a line beside a button that does not shrink', async () => {
    const faults = await faultsOf(page, 'one-char-lines.html');
    expect(checksOf(faults)).toEqual(['one-char-lines']);
    expect(faults[0]?.text).toBe('按离您的距离排列');
  });

  it('(c) catch a number running past the edge of the screen and a name cut short by an ellipsis', async () => {
    const faults = await faultsOf(page, 'cut-off.html');
    expect(checksOf(faults)).toEqual(['cut-off']);
    const texts = faults.map((f) => f.text);
    expect(texts).toContain('4200961701193731630279502947');
    expect(texts.some((t) => t.startsWith('广安门便民缴费服务站'))).toBe(true);
  });
});
