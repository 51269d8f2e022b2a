import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startDemo, type Demo } from './demo';

/**
 * The real `npm start` and one Chromium for the tests of the calling describe block: started
 * before its first test, stopped after its last. Read `demo` and `browser` inside the tests.
 */
export function demoAndBrowser(env: Record<string, string> = {}): { readonly demo: Demo; readonly browser: Browser } {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    demo = await startDemo(env);
    browser = await launchBrowser();
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
