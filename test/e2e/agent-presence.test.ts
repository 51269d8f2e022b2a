import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserStorageFor, setElderMode, signInDemoResident } from '../a11y/pages';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoStaffToken } from '../helpers/demo';
import { demoAndBrowser } from '../helpers/e2e';

// Issue 12.8 and 12.9 as people live them, on the real `npm start`: an agent is 在线 only while
// her workbench is really there. She serves a resident, closes her tab: the resident is told the
// agent stepped away (no name), new requests are not given to her, and after the grace period her
// work goes back to the queue, where the supervisor sees it. The desk at 1280×800 puts queue,
// conversation and context side by side; at phone width it still works.

interface Overview {
  agents: Array<{ username: string; presence: string; connected: boolean; load: number }>;
  open: Array<{ id: string; status: string; assignedAgent: { displayName: string } | null; returnedFrom: unknown }>;
}

async function signInAgent(page: Page, base: string, username: string) {
  await page.goto(`${base}/#/packages/agent/login/index`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('bianmin-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByText('实时更新中').count()).toBeGreaterThan(0);
}

describe('agent presence and the workbench, end to end', () => {
  const run = demoAndBrowser({
    HELP_PRESENCE_WINDOW_SECONDS: '6',
    HELP_PRESENCE_REFRESH_MS: '1000',
    HELP_ABSENT_RETURN_SECONDS: '10',
  });

  it('stops offering requests to an agent whose tab closed, tells her resident, and returns her work to the queue', async () => {
    const base = run.demo.url;
    const supToken = await demoStaffToken(base, 'super01');
    const overview = async (): Promise<Overview> => {
      const res = await fetch(`${base}/api/agent/supervisor/overview`, {
        headers: { Authorization: `Bearer ${supToken}` },
      });
      return (await res.json()) as Overview;
    };
    const agent01 = async () => (await overview()).agents.find((a) => a.username === 'agent01');

    // the agent opens her workbench on a desktop and goes 在线
    const agentContext = await run.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const desk = await agentContext.newPage();
    await signInAgent(desk, base, 'agent01');
    await desk.getByRole('button', { name: '在线', exact: true }).click();
    await expect
      .poll(async () => await agent01())
      .toMatchObject({
        presence: 'online',
        connected: true,
      });

    // a resident taps help, typing nothing; it is given to her and the resident is told her name
    const resident = await signInDemoResident(base);
    const residentContext = await phoneContext(run.browser);
    await residentContext.addInitScript(
      (entries: Record<string, string>) => {
        for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
      },
      browserStorageFor(resident, false),
    );
    const phone = await residentContext.newPage();
    await phone.goto(`${base}/`);
    await expect.poll(() => phone.getByText(/^您好/).count()).toBeGreaterThan(0);
    const created = phone.waitForResponse((r) => r.url().endsWith('/api/help') && r.request().method() === 'POST');
    await phone.getByRole('button', { name: '一键求助' }).filter({ visible: true }).first().click();
    const helpId = ((await (await created).json()) as { help: { id: string } }).help.id;
    await expect.poll(() => phone.getByText('客服王晓丽正在为您服务').count()).toBeGreaterThan(0);

    // the desk, wide: queue, conversation and context side by side
    const row = desk.getByRole('region', { name: '我的求助' }).getByRole('button').first();
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    await row.click();
    await expect.poll(() => desk.getByLabel('回复居民').count()).toBeGreaterThan(0);
    await expect.poll(() => desk.getByText('求助时在「首页」页').count()).toBeGreaterThan(0);
    const boxes = await Promise.all(
      ['.agent-desk__queue', '.agent-detail__talk', '.agent-detail__context'].map((s) => desk.locator(s).boundingBox()),
    );
    const [queue, talk, context] = boxes.map((b) => {
      if (!b) throw new Error('a column of the desk is not on screen');
      return b;
    }) as [NonNullable<(typeof boxes)[0]>, NonNullable<(typeof boxes)[0]>, NonNullable<(typeof boxes)[0]>];
    expect(queue.x + queue.width).toBeLessThanOrEqual(talk.x);
    expect(talk.x + talk.width).toBeLessThanOrEqual(context.x);
    expect(Math.abs(talk.y - context.y)).toBeLessThan(talk.height);
    expect(context.x + context.width).toBeGreaterThan(1280 * 0.9); // the desk uses the width
    await screenshot(desk, 'agent-desk-1280');

    // she closes her tab: the resident is told the agent stepped away, without her name
    await agentContext.close();
    await expect.poll(() => phone.getByText('客服暂时离开，马上回来').count()).toBeGreaterThan(0);
    expect(await phone.getByText('客服王晓丽正在为您服务').count()).toBe(0);
    await screenshot(phone, 'help-resident-agent-away');
    await expect.poll(async () => (await agent01())?.connected).toBe(false);

    // a new request now is not given to her, and after the grace period her work is back in the queue
    const other = await signInDemoResident(base);
    const res = await fetch(`${base}/api/help`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${other.token}` },
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(201);
    const newId = ((await res.json()) as { help: { id: string } }).help.id;
    await expect
      .poll(async () => (await overview()).open.find((o) => o.id === helpId))
      .toMatchObject({ status: 'waiting', assignedAgent: null, returnedFrom: { displayName: '王晓丽' } });
    expect((await overview()).open.find((o) => o.id === newId)).toMatchObject({
      status: 'waiting',
      assignedAgent: null,
    });
    expect(await agent01()).toMatchObject({ connected: false, load: 0 });
    // waiting again, nobody named (whether another agent is online decides which words)
    await expect.poll(() => phone.getByText(/^(正在为您接通人工客服|现在没有客服在线)$/).count()).toBeGreaterThan(0);

    // the same resident's page in elder mode
    await setElderMode(resident, true);
    const elderContext = await phoneContext(run.browser);
    await elderContext.addInitScript(
      (entries: Record<string, string>) => {
        for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
      },
      browserStorageFor(resident, true),
    );
    const elderPage = await elderContext.newPage();
    await elderPage.goto(`${base}/#/pages/help/index?id=${helpId}`);
    await expect.poll(() => elderPage.getByText(/刚才的客服暂时离开了/).count()).toBeGreaterThan(0);
    await screenshot(elderPage, 'help-resident-returned-elder');
    await elderContext.close();
    await residentContext.close();

    // the supervisor sees it came back, and why
    const supContext = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const sup = await supContext.newPage();
    await signInAgent(sup, base, 'super01');
    await sup.getByRole('button', { name: '班长视图' }).click();
    // the page slides in: look once it is in place
    const heading = sup.locator('.bm-heading', { hasText: '班长视图' });
    await expect.poll(async () => (await heading.boundingBox())?.x ?? 9999).toBeLessThan(100);
    await expect.poll(() => sup.getByText('王晓丽离开，已退回').count()).toBeGreaterThan(0);
    await expect.poll(() => sup.getByText(/王晓丽（离开）/).count()).toBeGreaterThan(0);
    await screenshot(sup, 'agent-supervisor-returned');
    await supContext.close();

    // a colleague on a phone-sized window takes it
    const small = await run.browser.newContext({ viewport: { width: 375, height: 667 }, locale: 'zh-CN' });
    const mobile = await small.newPage();
    await signInAgent(mobile, base, 'agent02');
    await mobile
      .getByRole('region', { name: '排队中' })
      .getByRole('button')
      .filter({ hasText: '王晓丽离开，已退回' })
      .first()
      .click();
    await mobile.getByRole('button', { name: '接单' }).click();
    await expect.poll(() => mobile.getByLabel('回复居民').count()).toBeGreaterThan(0);
    await expect.poll(() => mobile.getByText(/王晓丽离开太久，工单退回排队/).count()).toBeGreaterThan(0);
    await screenshot(mobile, 'agent-desk-phone');
    await small.close();
  });
});
