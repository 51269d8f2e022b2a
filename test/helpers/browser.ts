import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { repoRoot } from './process';

export { CHROMIUM, CHROMIUM_ARGS } from './chromium';

/**
 * How long a browser test waits for something to appear, be clickable or load: the one bound, set
 * on every context, that only ends a test that hangs. Tests do not pass their own shorter
 * timeouts (test/waits.test.ts checks): on a loaded machine a right page may take its time.
 */
export const UI_WAIT_MS = 60_000;

/**
 * Headless Chromium with everything that would reach for the network switched off; `extraArgs`
 * adds flags of a test's own (a generated clip as the microphone).
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(UI_WAIT_MS);
    context.setDefaultNavigationTimeout(UI_WAIT_MS);
    return context;
  };
  return browser;
}

/** A phone-sized context: 375×667 CSS px, the viewport elder-mode sizes are specified at. */
export function phoneContext(
  browser: Browser,
  options: {
    geolocation?: { latitude: number; longitude: number };
    /** What an earlier context kept (cookies, localStorage): the same phone after the app was killed. */
    storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
  } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    // a phone set to a zone far from Beijing: every date on screen must still be Beijing time
    timezoneId: 'America/New_York',
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
}

/**
 * Resolves once every running animation and transition of the page has finished (the page
 * slide-in, the switch's thumb): what a person sees once it stops moving, whatever the machine's
 * speed. A condition, never a fixed wait.
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? Infinity)))
        .map((a) => a.finished.catch(() => undefined)),
    ).then(() => undefined),
  );
}

/**
 * Writes a screenshot to `.artifacts/screenshots/` (ignored by git) for a person to look at, once
 * the page stands still.
 * `scale: 'css'` takes one image pixel per CSS px (half the work on a 2× phone), for runs that
 * take many.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { scale?: 'css' | 'device' } = {},
): Promise<string> {
  const dir = path.join(repoRoot, '.artifacts', 'screenshots');
  await fs.mkdir(dir, { recursive: true });
  await animationsDone(page);
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, scale: options.scale ?? 'device' });
  return file;
}

/** The value the H5 build keeps under `key` in Taro's storage (localStorage, wrapped as `{data}`). */
export async function taroStorage(page: Page, key: string): Promise<unknown> {
  const raw = await page.evaluate((k) => localStorage.getItem(k), key);
  if (raw === null) return undefined;
  try {
    return (JSON.parse(raw) as { data?: unknown }).data;
  } catch {
    return raw;
  }
}

/** True when `locator` is wholly on the screen the person sees now (no scrolling needed to reach it). */
export async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.first().boundingBox();
  const viewport = page.viewportSize();
  return Boolean(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height);
}
