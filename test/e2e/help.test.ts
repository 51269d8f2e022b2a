import { describe, expect, it } from 'vitest';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoStaffToken } from '../helpers/demo';
import { demoAndBrowser } from '../helpers/e2e';

// THE path of the product: a resident taps help and types nothing; an agent sees it live in the
// workbench, claims it and replies; the resident sees the reply live; the agent resolves; the
// resident answers the survey; the supervisor's report counts it. Two browser contexts on the
// real `npm start` (H5 build, BFF with its background loops, demo staff).

interface HelpReportBody {
  total: number;
  byCategory: { key: string; count: number }[];
  satisfaction: { surveyed: number; answered: number; good: number; rate: number | null };
  firstResponse: { count: number };
}

describe('one-tap help, end to end in two browsers', () => {
  const run = demoAndBrowser();

  it('a resident taps help typing nothing, an agent answers live, resolves, the survey is answered and the report counts it', async () => {
    const startedAt = new Date(Date.now() - 60_000).toISOString();

    // the agent, on a desktop browser, with the workbench open and live
    const agentContext = await run.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const agent = await agentContext.newPage();
    await agent.goto(`${run.demo.url}/#/packages/agent/login/index`);
    await agent.getByLabel('用户名').fill('agent01');
    await agent.getByLabel('密码').fill('bianmin-demo');
    await agent.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => agent.getByText('实时更新中').count()).toBeGreaterThan(0);
    await expect.poll(() => agent.getByText(/王晓丽/).count()).toBeGreaterThan(0);

    // the resident, on a phone, taps the help button on the home page and types nothing
    const residentContext = await phoneContext(run.browser);
    const resident = await residentContext.newPage();
    await resident.goto(`${run.demo.url}/`);
    await expect.poll(() => resident.getByText(/^您好/).count()).toBeGreaterThan(0);
    const created = resident.waitForResponse((r) => r.url().endsWith('/api/help') && r.request().method() === 'POST');
    await resident.getByRole('button', { name: '一键求助' }).filter({ visible: true }).first().click();
    const createdResponse = await created;
    expect(createdResponse.status()).toBe(201);
    // nothing typed: the page it came from, and the tap's own key for safe retries
    expect(createdResponse.request().postDataJSON()).toEqual({
      clientKey: expect.stringMatching(/^tap-/) as unknown,
      context: { page: '/pages/index/index' },
    });
    const helpId = ((await createdResponse.json()) as { help: { id: string } }).help.id;
    // agent01 has her workbench open but has not chosen 在线: nobody takes requests, and the
    // resident is told so (with the call-back and hotline), not given a made-up wait
    await expect.poll(() => resident.getByText('现在没有客服在线').count()).toBeGreaterThan(0);
    await screenshot(resident, 'help-resident-waiting');

    // the agent sees it arrive without reloading, claims it and replies
    const row = agent.getByRole('button', { name: /未选原因/ }).first();
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    await row.click();
    await agent.getByRole('button', { name: '接单' }).click();
    await expect.poll(() => agent.getByLabel('回复居民').count()).toBeGreaterThan(0);
    const reply = '您好，我是王晓丽，正在为您查询。';
    await agent.getByLabel('回复居民').fill(reply);
    await agent.getByRole('button', { name: '发送', exact: true }).click();
    await screenshot(agent, 'help-agent-desk');

    // the resident sees the agent and the reply live
    await expect.poll(() => resident.getByText(reply).count()).toBeGreaterThan(0);
    await expect.poll(() => resident.getByText('客服王晓丽正在为您服务').count()).toBeGreaterThan(0);
    await screenshot(resident, 'help-resident-chat');

    // the agent resolves with a summary
    const summary = '已为您查清，账单无误。';
    await agent.getByLabel('处理结果（居民能看到）').fill(summary);
    await agent.getByRole('button', { name: '办结' }).click();

    // the resident is asked the survey, once, and answers it
    await expect.poll(() => resident.getByText('问题已解决').count()).toBeGreaterThan(0);
    await expect.poll(() => resident.getByText(`处理结果：${summary}`).count()).toBeGreaterThan(0);
    await resident.getByRole('button', { name: '准时', exact: true }).click();
    await resident.getByRole('button', { name: '满意', exact: true }).click();
    const surveyed = resident.waitForResponse((r) => r.url().endsWith(`/api/help/${helpId}/survey`));
    await resident.getByRole('button', { name: '提交评价' }).click();
    expect((await surveyed).status()).toBe(200);
    await expect.poll(() => resident.getByText('谢谢您的评价！').count()).toBeGreaterThan(0);
    expect(await resident.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await screenshot(resident, 'help-resident-survey-done');

    // the supervisor's report counts it
    const token = await demoStaffToken(run.demo.url, 'super01');
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await fetch(`${run.demo.url}/api/agent/reports?from=${startedAt}&to=${to}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as HelpReportBody;
    expect(report.total).toBe(1);
    expect(report.firstResponse.count).toBe(1);
    expect(report.satisfaction.answered).toBe(1);
    expect(report.satisfaction.good).toBe(1);
    expect(report.satisfaction.rate).toBe(1);

    await agentContext.close();
    await residentContext.close();
  });
  it('a resident who has allowed location tells the agent where she is; one who has not is never asked', async () => {
    const token = await demoStaffToken(run.demo.url, 'agent01');
    // counts every attempt to read the position: the tap path must never ask for it unallowed
    const countReads = () => {
      const geo = navigator.geolocation;
      const read = geo.getCurrentPosition.bind(geo);
      (window as unknown as { positionReads: number }).positionReads = 0;
      geo.getCurrentPosition = (...args: Parameters<Geolocation['getCurrentPosition']>) => {
        (window as unknown as { positionReads: number }).positionReads += 1;
        read(...args);
      };
    };
    const tap = async (context: Awaited<ReturnType<typeof phoneContext>>) => {
      await context.addInitScript(countReads);
      const page = await context.newPage();
      await page.goto(`${run.demo.url}/`);
      await expect.poll(() => page.getByText(/^您好/).count()).toBeGreaterThan(0);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/help') && r.request().method() === 'POST');
      await page.getByRole('button', { name: '一键求助' }).filter({ visible: true }).first().click();
      const response = await created;
      expect(response.status()).toBe(201);
      // the tap went at once, without a position
      expect(response.request().postDataJSON()).not.toHaveProperty('location');
      return { page, id: ((await response.json()) as { help: { id: string } }).help.id };
    };
    const detail = async (id: string) =>
      (await (
        await fetch(`${run.demo.url}/api/agent/help/${id}`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as { location: { lat: number; lng: number } | null };

    // allowed before (as the outlets page asks): the position follows the tap
    const allowed = await phoneContext(run.browser, { geolocation: { latitude: 39.9075, longitude: 116.3913 } });
    const located = await tap(allowed);
    await expect.poll(async () => (await detail(located.id)).location).not.toBeNull();
    const place = (await detail(located.id)).location;
    // GCJ-02, a few hundred metres from the WGS-84 position in Beijing
    expect(place?.lat).toBeCloseTo(39.9089, 3);
    expect(place?.lng).toBeCloseTo(116.3975, 3);

    // the agent sees it on the request, with the map one tap away
    const agentContext = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const agent = await agentContext.newPage();
    await agent.goto(`${run.demo.url}/#/packages/agent/login/index`);
    await agent.getByLabel('用户名').fill('agent01');
    await agent.getByLabel('密码').fill('bianmin-demo');
    await agent.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => agent.getByText('实时更新中').count()).toBeGreaterThan(0);
    await agent
      .getByRole('button', { name: /未选原因/ })
      .first()
      .click();
    await expect.poll(() => agent.getByText(/居民所在位置：北纬 39\.90\d\d°/).count()).toBeGreaterThan(0);
    expect(await agent.getByRole('button', { name: '在地图上看' }).count()).toBeGreaterThan(0);
    await screenshot(agent, 'help-agent-location');

    // never allowed: no position is read, nothing is asked, the request carries none
    const notAllowed = await phoneContext(run.browser);
    const plain = await tap(notAllowed);
    await expect.poll(() => plain.page.getByText('现在没有客服在线').count()).toBeGreaterThan(0);
    expect(await plain.page.evaluate(() => (window as unknown as { positionReads: number }).positionReads)).toBe(0);
    expect((await detail(plain.id)).location).toBeNull();
    expect(await located.page.evaluate(() => (window as unknown as { positionReads: number }).positionReads)).toBe(1);

    await agentContext.close();
    await allowed.close();
    await notAllowed.close();
  });
});
