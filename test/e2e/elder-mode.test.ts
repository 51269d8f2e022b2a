import { describe, expect, it } from 'vitest';
import { phoneContext, screenshot, taroStorage } from '../helpers/browser';
import { demoAndBrowser } from '../helpers/e2e';

describe('the H5 app served by npm start', () => {
  const run = demoAndBrowser();

  it('signs in with the development login and switches elder mode on and off from the home page', async () => {
    const context = await phoneContext(run.browser);
    const page = await context.newPage();
    const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/dev-login') && r.status() === 200);
    await page.goto(`${run.demo.url}/`);
    await login;
    await expect.poll(() => page.getByText(/^您好，/).count()).toBeGreaterThan(0);

    const toggle = page.getByRole('switch', { name: '长辈模式' }).first();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    const bodySize = () =>
      page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.bm-page') ?? document.body).fontSize));
    const normalSize = await bodySize();
    await screenshot(page, 'shell-home-normal');

    // one tap turns it on, and the server remembers it
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
    await toggle.click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    const elderSize = await bodySize();
    expect(elderSize).toBeGreaterThanOrEqual(20);
    expect(elderSize).toBeGreaterThan(normalSize);
    await screenshot(page, 'shell-home-elder');

    const openid = await taroStorage(page, 'bianmin.h5Openid');
    expect(openid).toMatch(/^h5-/);
    const relogin = await fetch(`${run.demo.url}/api/auth/dev-login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ openid }),
    });
    expect(((await relogin.json()) as { user: { elderMode: boolean } }).user.elderMode).toBe(true);

    // after a reload the first paint is already large, and the switch still on
    await page.reload();
    await expect.poll(() => page.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole('switch', { name: '长辈模式' }).first().getAttribute('aria-checked'))
      .toBe('true');

    // and one tap turns it off again
    const off = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
    await page.getByRole('switch', { name: '长辈模式' }).first().click();
    expect((await off).status()).toBe(200);
    await expect.poll(() => page.locator('.bm-page.theme-normal').count()).toBeGreaterThan(0);
    expect(await bodySize()).toBe(normalSize);
    await context.close();
  });

  it('shows the help button on every tab page', async () => {
    const context = await phoneContext(run.browser);
    const page = await context.newPage();
    await page.goto(`${run.demo.url}/`);
    for (const tab of ['首页', '缴费', '网点', '我的']) {
      await page.getByText(tab, { exact: true }).last().click();
      await expect
        .poll(() => page.getByRole('button', { name: /求助/ }).filter({ visible: true }).count())
        .toBeGreaterThan(0);
    }
    await context.close();
  });
});
