import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { maskName } from '@bianmin/shared';
import type { DemoResident } from '../a11y/pages';
import { inViewport, screenshot } from '../helpers/browser';
import { demoAndBrowser, residentPhone } from '../helpers/e2e';
import { repoRoot } from '../helpers/process';

// One-tap help off the happy path, as a resident and an agent see it on the real `npm start`
// (H5 build, BFF with its background loops): the tap made with the network gone, from several
// pages and in both modes (issue 12.4); a request taken back (12.5); what a waiting resident is
// told when nobody is online (12.6); the survey in view on resolution (12.7).

const MODES = [
  { mode: 'normal', elderMode: false },
  { mode: 'elder', elderMode: true },
] as const;

interface HelpItem {
  id: string;
  status: string;
}
interface HelpView extends HelpItem {
  agentsOnline: number | null;
  messages: { text: string; from: string }[];
}

async function api<T>(base: string, token: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function staffToken(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/agent/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'bianmin-demo' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** The ids in an agent's queue (call-backs, waiting, hers). */
async function queueIds(base: string, token: string): Promise<string[]> {
  const q = await api<Record<'callbacks' | 'waiting' | 'mine', HelpItem[]>>(base, token, 'GET', '/api/agent/queue');
  return [...q.callbacks, ...q.waiting, ...q.mine].map((i) => i.id);
}

const helpButton = (page: Page) => page.getByRole('button', { name: '一键求助' }).filter({ visible: true }).first();

describe('one-tap help off the happy path, in Chromium at 375×667', () => {
  // a dozen residents sign in from this one address within the minute: the default allows it
  const run = demoAndBrowser();

  describe.each(MODES)('$mode mode, with the network gone', ({ mode, elderMode }) => {
    const PAGES = [
      { name: 'home', path: () => Promise.resolve('/#/pages/index/index'), ready: /^您好/ },
      {
        name: 'bills',
        path: async (r: DemoResident) => {
          const { accounts } = await api<{ accounts: { id: string }[] }>(r.base, r.token, 'GET', '/api/accounts');
          return `/#/packages/pay/bills/index?accountId=${accounts[0]?.id ?? ''}`;
        },
        ready: /户主/,
      },
      {
        name: 'outlet',
        path: async (r: DemoResident) => {
          const { outlets } = await api<{ outlets: { id: string }[] }>(r.base, r.token, 'GET', '/api/outlets?limit=1');
          return `/#/packages/outlets/detail/index?id=${outlets[0]?.id ?? ''}`;
        },
        ready: /^现在(营业中|休息)$/,
      },
    ];

    it.each(PAGES)(
      'from the $name page: the help page opens, says so, keeps the tap and a message, and sends each once when the network returns',
      async ({ name, path, ready }) => {
        const { resident, context, page } = await residentPhone(run, elderMode);
        await page.goto(`${run.demo.url}${await path(resident)}`);
        await expect.poll(() => page.getByText(ready).count()).toBeGreaterThan(0);
        await page.waitForLoadState('networkidle');

        await context.setOffline(true);
        // the banner, on the page the resident is on
        await expect.poll(() => page.getByText('手机没有网络', { exact: true }).count()).toBeGreaterThan(0);
        await helpButton(page).click();
        await expect.poll(() => page.getByText('手机现在没有网络').count()).toBeGreaterThan(0);
        expect(await page.getByText('您的求助已经记下了，网络一恢复就会自动发出，不用再点。').count()).toBe(1);
        expect(await page.getByRole('button', { name: '拨打热线 12345' }).count()).toBe(1);

        const words = `停电了，${name}页面写的（${mode}）`;
        await page.getByLabel('说说遇到的问题').fill(words);
        await page.getByRole('button', { name: '告诉客服' }).click();
        await expect.poll(() => page.getByText('我 · 还没发出，网络恢复后自动发出').count()).toBe(1);
        await screenshot(page, `help-offline-${name}-${mode}`);
        // nothing reached the BFF
        expect((await api<{ items: HelpItem[] }>(run.demo.url, resident.token, 'GET', '/api/help')).items).toEqual([]);

        await context.setOffline(false);
        const list = () => api<{ items: HelpItem[] }>(run.demo.url, resident.token, 'GET', '/api/help');
        await expect.poll(async () => (await list()).items.length).toBe(1);
        const id = (await list()).items[0]?.id ?? '';
        const messages = async () =>
          (await api<HelpView>(run.demo.url, resident.token, 'GET', `/api/help/${id}`)).messages
            .filter((m) => m.from === 'resident')
            .map((m) => m.text);
        await expect.poll(messages).toEqual([words]);
        // nobody is signed in at the demo's desk: the page says so and offers the call-back on
        // the first screen, not a made-up wait
        await expect.poll(() => page.getByText('现在没有客服在线').count()).toBeGreaterThan(0);
        expect(await page.getByText(/预计等待|下一位就是您/).count()).toBe(0);
        await expect.poll(() => inViewport(page, page.getByRole('button', { name: '请给我回电话' }))).toBe(true);
        await expect.poll(() => page.getByText('我 · 还没发出，网络恢复后自动发出').count()).toBe(0);
        expect(await page.getByText(words).count()).toBe(1);
        expect(await page.getByText('手机没有网络', { exact: true }).count()).toBe(0);

        // what she is told agrees with the queue: with nobody online, no wait is made up
        const view = await api<HelpView>(run.demo.url, resident.token, 'GET', `/api/help/${id}`);
        if (view.agentsOnline === 0) {
          await expect.poll(() => page.getByText(/现在没有客服在线/).count()).toBeGreaterThan(0);
          expect(await page.getByText(/预计等待/).count()).toBe(0);
        }
        await screenshot(page, `help-offline-${name}-${mode}-sent`);

        // once, and in the agents' queue (agent03 manages the demo accounts' grids, and sees the pool)
        expect((await list()).items).toHaveLength(1);
        expect(await messages()).toEqual([words]);
        expect(await queueIds(run.demo.url, await staffToken(run.demo.url, 'agent03'))).toContain(id);
        await context.close();
      },
    );
  });

  it.each(MODES)(
    'takes back a request made by mistake, and the workbench queue drops it live ($mode)',
    async ({ mode, elderMode }) => {
      const { resident, context, page } = await residentPhone(run, elderMode);
      const nickname = `取消${mode === 'elder' ? '长辈' : '普通'}测试居民`;
      await api(run.demo.url, resident.token, 'PATCH', '/api/me', { nickname });

      const desk = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const agent = await desk.newPage();
      await agent.goto(`${run.demo.url}/#/packages/agent/login/index`);
      await agent.getByLabel('用户名').fill('agent03');
      await agent.getByLabel('密码').fill('bianmin-demo');
      await agent.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => agent.getByText('实时更新中').count()).toBeGreaterThan(0);
      const rows = () =>
        agent.getByRole('button', { name: new RegExp(maskName(nickname).replace(/\*/g, '\\*')) }).count();

      await page.goto(`${run.demo.url}/`);
      await expect.poll(() => page.getByText(/^您好/).count()).toBeGreaterThan(0);
      await helpButton(page).click();
      // waiting (agent03 may or may not have chosen 在线 in an earlier test of this demo)
      await expect.poll(() => page.getByText(/^(正在为您接通人工客服|现在没有客服在线)$/).count()).toBeGreaterThan(0);
      await expect.poll(rows).toBe(1);

      await page.getByRole('button', { name: '不用了，取消求助' }).click();
      // the question comes into view with both its answers, not under the dock
      for (const name of ['是的，取消求助', '不取消，继续等'])
        await expect.poll(() => inViewport(page, page.getByRole('button', { name }))).toBe(true);
      await screenshot(page, `help-cancel-ask-${mode}`);
      const cancelled = page.waitForResponse((r) => /\/api\/help\/[0-9a-f]{24}\/cancel$/.test(r.url()));
      await page.getByRole('button', { name: '是的，取消求助' }).click();
      expect((await cancelled).status()).toBe(200);
      await expect.poll(() => page.getByText('好的，求助已取消').count()).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: '不用了，取消求助' }).count()).toBe(0);
      await screenshot(page, `help-cancel-done-${mode}`);

      // gone from the workbench without a reload, and from the queue the API answers
      await expect.poll(rows).toBe(0);
      const { items } = await api<{ items: HelpItem[] }>(run.demo.url, resident.token, 'GET', '/api/help');
      expect(items.map((i) => i.status)).toEqual(['closed']);
      expect(await queueIds(run.demo.url, await staffToken(run.demo.url, 'agent03'))).not.toContain(items[0]?.id);
      await desk.close();
      await context.close();
    },
  );

  it.each(MODES.flatMap((m) => (['end', 'top'] as const).map((at) => ({ ...m, at }))))(
    'shows the survey in view when the agent resolves the request, wherever she had scrolled to ($mode, $at)',
    async ({ mode, elderMode, at }) => {
      const { context, page } = await residentPhone(run, elderMode);
      await page.goto(`${run.demo.url}/`);
      await expect.poll(() => page.getByText(/^您好/).count()).toBeGreaterThan(0);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/help') && r.request().method() === 'POST');
      await helpButton(page).click();
      const id = ((await (await created).json()) as { help: { id: string } }).help.id;

      const agent = await staffToken(run.demo.url, 'agent03');
      await api(run.demo.url, agent, 'POST', `/api/agent/help/${id}/claim`);
      // a long conversation: read to its end, or back at the top of the page, when it is resolved
      for (let i = 1; i <= 6; i++) {
        await api(run.demo.url, agent, 'POST', `/api/agent/help/${id}/messages`, {
          text: `第${i}条：正在为您查询，请稍等。`,
        });
      }
      await expect.poll(() => page.getByText('第6条：正在为您查询，请稍等。').count()).toBe(1);
      await (
        at === 'end' ? page.getByText('第6条：正在为您查询，请稍等。') : page.locator('.help__title')
      ).scrollIntoViewIfNeeded();
      await api(run.demo.url, agent, 'POST', `/api/agent/help/${id}/resolve`, { summary: '已为您查清，账单无误。' });

      await expect.poll(() => page.getByText('问题已解决').count()).toBeGreaterThan(0);
      const first = page.getByRole('button', { name: '准时', exact: true });
      await expect.poll(() => first.count()).toBe(1);
      await expect.poll(() => inViewport(page, first)).toBe(true);
      // what the resident sees at that moment, not the whole page
      await page.screenshot({
        path: path.join(repoRoot, '.artifacts', 'screenshots', `help-survey-${mode}-${at}-view.png`),
      });
      await context.close();
    },
  );
});
