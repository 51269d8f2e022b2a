import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { browserStorageFor, setElderMode, signInDemoResident, type DemoResident } from '../a11y/pages';
import { launchBrowser, phoneContext, screenshot, taroStorage } from './browser';
import { startDemo, type Demo } from './demo';

/**
 * The real `npm start` and one Chromium (with `browserArgs`) for the tests of the calling describe
 * block: started before its first test, stopped after its last. Read `demo` and `browser` inside
 * the tests.
 */
export function demoAndBrowser(
  env: Record<string, string> = {},
  options: { browserArgs?: readonly string[] } = {},
): { readonly demo: Demo; readonly browser: Browser } {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    demo = await startDemo(env);
    browser = await launchBrowser(options.browserArgs);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo starts before the first test: use it inside a test');
    return value;
  };
  return {
    get demo() {
      return started(demo);
    },
    get browser() {
      return started(browser);
    },
  };
}

/**
 * The API as the browser's resident (the same development-login identity the H5 app keeps), for
 * setting up and for checks behind the screens. Answers the parsed JSON; throws on an error status.
 */
export async function residentApi(demo: Demo, page: Page) {
  const openid = await taroStorage(page, 'bianmin.h5Openid');
  const login = await fetch(`${demo.url}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ openid }),
  });
  const { token } = (await login.json()) as { token: string };
  return async <T>(path: string, init: { method?: string; body?: object } = {}): Promise<T> => {
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** A new demo resident on a phone in `elderMode`, signed in as the H5 app does. */
export async function residentPhone(
  run: ReturnType<typeof demoAndBrowser>,
  elderMode: boolean,
): Promise<{ resident: DemoResident; context: BrowserContext; page: Page }> {
  const resident = await signInDemoResident(run.demo.url);
  await setElderMode(resident, elderMode);
  const context = await phoneContext(run.browser);
  await context.addInitScript(
    (entries: Record<string, string>) => {
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    },
    { ...browserStorageFor(resident, elderMode), 'bianmin.elderOfferAnswered': JSON.stringify({ data: 'declined' }) },
  );
  return { resident, context, page: await context.newPage() };
}

/**
 * Opens the H5 app as a new resident and binds the demo power account 1000000001 on the pay tab
 * with the proof of holdership README "The demo" names (the holder's name); ends on its bills page.
 */
export async function openAndBindDemoPower(demo: Demo, page: Page): Promise<void> {
  const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/dev-login') && r.status() === 200);
  await page.goto(`${demo.url}/`);
  await login;
  // the pay tab offers binding an account
  await page.getByText('缴费', { exact: true }).last().click();
  await page.getByRole('button', { name: '绑定户号' }).click();
  await page.getByRole('radio', { name: '电费' }).click();
  await page.getByLabel('户号').fill('1000000001');
  await page.locator('input[aria-label="户主姓名"]').fill('张建明');
  await page.getByRole('button', { name: '绑定', exact: true }).click();
}

/**
 * Presses the page's confirm button (确认缴费, 确认充值), pays in the sandbox sheet and waits for
 * the result page to say `done`; screenshots `<name>-sandbox-sheet` and `<name>-result`.
 */
export async function payInSandboxSheet(page: Page, confirm: string, done: string, name: string): Promise<void> {
  await page.getByRole('button', { name: confirm }).click();
  const sheet = page.getByRole('dialog', { name: '模拟支付' });
  await sheet.waitFor();
  await screenshot(page, `${name}-sandbox-sheet`);
  await sheet.getByRole('button', { name: '确认付款' }).click();
  await page.getByText(done).first().waitFor();
  await screenshot(page, `${name}-result`);
}
