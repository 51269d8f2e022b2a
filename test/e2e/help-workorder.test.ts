import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ResidentWorkOrderList, StaffWorkOrder } from '@bianmin/shared';
import { browserStorageFor, setElderMode, signInDemoResident, type DemoResident } from '../a11y/pages';
import { inViewport, phoneContext, screenshot } from '../helpers/browser';
import { demoStaffToken } from '../helpers/demo';
import { demoAndBrowser } from '../helpers/e2e';

// 转工单 end to end on the real `npm start`: a resident with a 东城区 power account taps help on her
// bills page and is told at once of the district's outage notice; agent01 claims it and presses
// 转工单 (nothing re-entered, 东城供电所 suggested); the resident's help page shows the order's
// card; field01 accepts and works it and the card moves live (and the agent's too); coord01 checks
// the 回单 at the 工单台; the resident is asked to rate. Her pages in both modes.

/** The page shows `text` (moving by itself: no reload anywhere). */
const shows = (page: Page, text: string | RegExp) => expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0);

async function api<T>(base: string, token: string, method: string, path: string, body?: object): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A staff member signed in at the staff login of `page`. */
async function staffLogin(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/#/packages/agent/login/index`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('bianmin-demo');
  await page.getByRole('button', { name: '登录' }).click();
}

async function residentPage(run: ReturnType<typeof demoAndBrowser>, resident: DemoResident, elder: boolean) {
  const context = await phoneContext(run.browser);
  await context.addInitScript(
    (entries: Record<string, string>) => {
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    },
    browserStorageFor(resident, elder),
  );
  return { context, page: await context.newPage() };
}

describe('转工单 from a help request, end to end', () => {
  const run = demoAndBrowser();

  it('an agent turns a held help request into an order with nothing re-entered; the resident follows it on her help page live until she is asked to rate', async () => {
    const base = run.demo.url;
    const resident = await signInDemoResident(base);
    const accounts = await api<{ accounts: Array<{ id: string; utility: string }> }>(
      base,
      resident.token,
      'GET',
      '/api/accounts',
    );
    const power = accounts.accounts.find((a) => a.utility === 'power');
    expect(power).toBeDefined();

    // 东城供电所's coordinator has published a power outage for 东城区
    const coord = await demoStaffToken(base, 'coord01');
    const now = Date.now();
    await api(base, coord, 'POST', '/api/agent/notices', {
      utility: 'power',
      kind: 'fault',
      district: '东城区',
      description: '东华门一带线路故障，正在抢修。',
      startsAt: new Date(now - 600_000).toISOString(),
      endsAt: new Date(now + 4 * 3600_000).toISOString(),
    });

    // the agent's workbench, on a desktop
    const agentContext = await run.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const agent = await agentContext.newPage();
    await staffLogin(agent, base, 'agent01');
    await shows(agent, '实时更新中');

    // the resident taps help on her power bills: told at once of the outage
    const { context: residentContext, page: help } = await residentPage(run, resident, false);
    await help.goto(`${base}/#/packages/pay/bills/index?accountId=${power?.id ?? ''}`);
    await shows(help, '账单');
    const created = help.waitForResponse((r) => r.url().endsWith('/api/help') && r.request().method() === 'POST');
    await help.getByRole('button', { name: '一键求助' }).filter({ visible: true }).first().click();
    const helpId = ((await (await created).json()) as { help: { id: string } }).help.id;
    await shows(help, /^东城区故障停电，预计 .* 恢复供电。$/);
    // what is known comes first: the notice is on the first screen, before anything else
    await expect.poll(() => inViewport(help, help.getByText(/^东城区故障停电/))).toBe(true);
    await screenshot(help, 'help-workorder-resident-notice-first');
    // she taps the quick reason that fits
    const reason = help.waitForResponse((r) => r.url().endsWith(`/api/help/${helpId}/details`));
    await help.getByRole('button', { name: '停水停电停气', exact: true }).click();
    expect((await reason).status()).toBe(200);
    await screenshot(help, 'help-workorder-resident-notice');

    // agent01 claims it: the detail tells her of the notice too, and offers 转工单
    await agent
      .getByRole('button', { name: /^停水停电停气/ })
      .first()
      .click();
    await agent.getByRole('button', { name: '接单' }).click();
    await shows(agent, /当地通知：东城区故障停电/);
    await agent.getByRole('button', { name: '转工单', exact: true }).click();
    // 急修 for an outage, the unit of the account's district: both chosen for her
    await expect.poll(() => agent.getByRole('button', { name: '急修', pressed: true }).count()).toBe(1);
    await expect.poll(() => agent.getByRole('button', { name: '东城供电所（建议）', pressed: true }).count()).toBe(1);
    await screenshot(agent, 'help-workorder-agent-sheet');
    const made = agent.waitForResponse(
      (r) => r.url().endsWith(`/api/agent/workorders/from-help/${helpId}`) && r.request().method() === 'POST',
    );
    await agent.getByRole('button', { name: '确认转工单' }).click();
    const order = StaffWorkOrder.parse(await (await made).json());
    expect(order).toMatchObject({
      helpId,
      source: 'help',
      type: 'emergency_repair',
      problem: 'power_outage',
      status: 'dispatched',
      unit: { name: '东城供电所' },
      accountNo: '1000000001',
    });
    await shows(agent, '已转工单');

    // the resident's help page shows the order's card, live
    await shows(help, '客服已转给东城供电所上门处理');
    const mine = ResidentWorkOrderList.parse(
      await api(base, resident.token, 'GET', `/api/workorders?helpId=${helpId}`),
    );
    expect(mine.items.map((o) => o.id)).toEqual([order.id]);

    // field01 accepts: the card moves, on both sides, by itself
    const field = await demoStaffToken(base, 'field01');
    await api(base, field, 'POST', `/api/field/orders/${order.id}/accept`);
    await shows(help, '师傅已接单');
    await shows(agent, /已接单 · 张建国/);
    await screenshot(help, 'help-workorder-resident-accepted');
    await screenshot(agent, 'help-workorder-agent-accepted');
    for (const step of ['contacted', 'on_the_way', 'arrived'])
      await api(base, field, 'POST', `/api/field/orders/${order.id}/progress`, { step });
    await api(base, field, 'POST', `/api/field/orders/${order.id}/complete`, {
      summary: '更换了烧坏的保险，已恢复供电',
      cause: 'equipment',
    });
    await shows(help, '已完成');

    // coord01 checks the 回单 at the 工单台, on her phone
    const coordContext = await phoneContext(run.browser);
    const desk = await coordContext.newPage();
    await staffLogin(desk, base, 'coord01');
    await desk.getByRole('button', { name: '派单和对单（工单台）' }).click();
    await desk.getByRole('button', { name: '待对单', exact: true }).click();
    await desk
      .getByRole('button', { name: /急修 · 家里停电了/ })
      .first()
      .click();
    await shows(desk, '做了什么：更换了烧坏的保险，已恢复供电');
    await screenshot(desk, 'help-workorder-coordinator-check');
    await desk.getByRole('button', { name: '对单通过' }).click();
    await shows(desk, '对单已通过');

    // the resident's card asks her to rate, and opens the order's timeline
    await shows(help, '请评价');
    await screenshot(help, 'help-workorder-resident-rate');
    await help.getByRole('button', { name: '查看处理进度' }).click();
    await shows(help, '修好了吗？请您评价');

    // the same help page in elder mode (her setting on the server, as the home switch sets it)
    await setElderMode(resident, true);
    const { context: elderContext, page: elder } = await residentPage(run, resident, true);
    await elder.goto(`${base}/#/pages/help/index?id=${helpId}`);
    await shows(elder, '客服已转给东城供电所上门处理');
    await shows(elder, '请评价');
    await expect.poll(() => elder.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    await screenshot(elder, 'help-workorder-resident-elder');

    await Promise.all([agentContext, residentContext, coordContext, elderContext].map((c) => c.close()));
  });

  it('an agent keeps a resolved complaint as a case; the next complaint from the district shows it, and 案例库 lists it', async () => {
    const base = run.demo.url;
    const askAbout = async (text: string) => {
      const resident = await signInDemoResident(base);
      const { accounts } = await api<{ accounts: Array<{ id: string; utility: string }> }>(
        base,
        resident.token,
        'GET',
        '/api/accounts',
      );
      const power = accounts.find((a) => a.utility === 'power');
      return (
        await api<{ help: { id: string } }>(base, resident.token, 'POST', '/api/help', {
          category: 'complaint',
          text,
          context: { accountId: power?.id ?? '' },
        })
      ).help.id;
    };
    await askAbout('电费比上个月多了十倍，肯定是抄错表了');

    const agentContext = await run.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const agent = await agentContext.newPage();
    await staffLogin(agent, base, 'agent02');
    await shows(agent, '实时更新中');
    const beside = agent.waitForResponse((r) => /\/api\/agent\/help\/\w+\/cases$/.test(r.url()));
    await agent.getByRole('button', { name: /^投诉/ }).first().click();
    // the first complaint of its kind here: the library has nothing for it yet (no history seeded)
    expect(((await (await beside).json()) as { total: number }).total).toBe(0);
    expect(await agent.getByText(/^同类案例/).count()).toBe(0);
    await agent.getByRole('button', { name: '接单' }).click();
    await expect.poll(() => agent.getByLabel('处理结果（居民能看到）').count()).toBeGreaterThan(0);
    await agent.getByLabel('处理结果（居民能看到）').fill('已请供电所重新抄表，多收的钱会退回。');
    await agent.getByRole('button', { name: '办结' }).click();
    await agent.getByRole('button', { name: '存为案例' }).click();
    await agent.getByLabel('原因（为什么会这样）').fill('新换的智能表读数没有同步，按估算出账。');
    await agent.getByLabel('怎么解决的').fill('请供电所补抄读数，按实际读数重出账单。');
    await agent.getByLabel('经验（以后遇到怎么做）').fill('刚换表的户号账单异常，先查换表记录。');
    const kept = agent.waitForResponse((r) => r.url().endsWith('/api/agent/cases') && r.request().method() === 'POST');
    await agent.getByRole('button', { name: '保存案例' }).click();
    expect((await kept).status()).toBe(201);
    await shows(agent, '已存为案例');
    await screenshot(agent, 'cases-agent-kept');

    // the next complaint from 东城区 shows the new case first
    await askAbout('电费又不对了');
    await agent.reload();
    await shows(agent, '实时更新中');
    await agent.getByRole('button', { name: /^投诉/ }).first().click();
    await shows(agent, /^同类案例（投诉），共 1 个$/);
    await shows(agent, /^同区 · 东城区 · /);
    await shows(agent, '原因：新换的智能表读数没有同步，按估算出账。');
    await screenshot(agent, 'cases-agent-beside');

    // 案例库 lists it, by category
    await agent.getByRole('button', { name: '案例库' }).click();
    await shows(agent, /^共 \d+ 个案例/);
    await agent.getByRole('button', { name: '投诉', exact: true }).click();
    await expect.poll(() => agent.locator('.agent-case').first().textContent()).toContain('刚换表的户号账单异常');
    await screenshot(agent, 'cases-library');
    await agentContext.close();
  });
});
