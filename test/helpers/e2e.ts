import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { browserStorageFor, setElderMode, signInDemoResident, type DemoResident } from '../a11y/pages';
import { launchBrowser, phoneContext, taroStorage } from './browser';
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
