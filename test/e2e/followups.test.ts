import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FollowupPage, UnitList } from '@bianmin/shared';
import { browserStorageFor, setElderMode, signInDemoResident } from '../a11y/pages';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoStaffToken } from '../helpers/demo';
import { demoAndBrowser } from '../helpers/e2e';

// 回访 end to end on the real `npm start`: 燃气东城抢修班's business system registers three
// 业务变更 it served this morning; followup01 signs in on her phone, lands on her 回访台 and
// records the oldest in three taps (是, 良好, 记录); it leaves the list. Two more are recorded
// through the API (一般, 优秀), and super01 at a desktop reads this month's 回访简报: three
// follow-ups, 满意率 66.67%, in the table and in the 合计 row.

const TEAM = '燃气东城抢修班';
const RESIDENTS = ['李秀兰', '王建国', '赵文华'];

async function api<T>(base: string, token: string, path: string, body?: object): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A context in the given mode: the browser's resident session carries elder mode to staff pages too. */
async function contextIn(
  browser: Browser,
  base: string,
  elder: boolean,
  viewport?: { width: number; height: number },
): Promise<BrowserContext> {
  const resident = await signInDemoResident(base);
  await setElderMode(resident, elder);
  const context = viewport
    ? await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'America/New_York' })
    : await phoneContext(browser);
  await context.addInitScript(
    (entries: Record<string, string>) => {
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    },
    browserStorageFor(resident, elder),
  );
  return context;
}

/** Signs `username` in at the staff login. */
async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/#/packages/agent/login/index`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('bianmin-demo');
  await page.getByRole('button', { name: '登录' }).click();
}

/** The texts of a table row, header cell first. */
async function rowTexts(page: Page, name: RegExp): Promise<string[]> {
  const row = page.getByRole('row', { name });
  return [...(await row.getByRole('rowheader').allTextContents()), ...(await row.getByRole('cell').allTextContents())];
}

describe('回访 end to end: the 回访台 on a phone and the 回访简报 at a desk', () => {
  // 业务变更 is not routine work: this demo follows up every one of it
  const run = demoAndBrowser({ FOLLOWUP_SHARES_JSON: '{"default":1}' });

  it('followup01 records the oldest follow-up in three taps and it leaves the list; super01 reads the 简报 with two-decimal rates', async () => {
    const base = run.demo.url;
    const supervisor = await demoStaffToken(base, 'super01');
    const followup = await demoStaffToken(base, 'followup01');
    const units = UnitList.parse(await api(base, supervisor, '/api/agent/units'));
    const unit = units.items.find((u) => u.name === TEAM);
    expect(unit).toBeDefined();
    const now = Date.now();
    await api(base, followup, '/api/agent/followups/services', {
      unitId: unit?.id,
      items: RESIDENTS.map((residentName, i) => ({
        ref: `e2e-fu-${i}`,
        business: 'account_change',
        // the first served longest ago: due first
        servedAt: new Date(now - (3 - i) * 3600_000).toISOString(),
        residentName,
        phone: `1360000111${i}`,
        district: '东城区',
        summary: '过户办好了',
      })),
    });

    // followup01 on her phone: the staff login takes her to her 回访台
    const phone = await contextIn(run.browser, base, false);
    const desk = await phone.newPage();
    await signIn(desk, base, 'followup01');
    await expect.poll(() => desk.getByText('共 3 条，第 1 页（共 1 页）').count()).toBe(1);
    const oldest = desk.getByRole('group', { name: `业务变更 · ${TEAM} · 李*兰` });
    await expect.poll(() => oldest.getByRole('button', { name: '打电话 13600001110' }).count()).toBe(1);
    await screenshot(desk, 'followups-desk-normal');

    // three taps: 是, 良好, 记录
    const recorded = desk.waitForResponse(
      (r) => /\/api\/agent\/followups\/\w+$/.test(r.url()) && r.request().method() === 'POST',
    );
    await oldest.getByRole('button', { name: '是', exact: true }).click();
    await oldest.getByRole('button', { name: '良好' }).click();
    await oldest.getByRole('button', { name: '记录回访' }).click();
    const answer = await recorded;
    expect(answer.status()).toBe(200);
    expect(answer.request().postDataJSON()).toEqual({ level: 'good', onTime: true });
    await expect.poll(() => desk.getByText('已记录：李*兰，良好。').count()).toBe(1);
    await expect.poll(() => oldest.count()).toBe(0);
    await expect.poll(() => desk.getByText('共 2 条，第 1 页（共 1 页）').count()).toBe(1);
    // the next one is ready to record
    const next = desk.getByRole('group', { name: `业务变更 · ${TEAM} · 王*国` });
    await expect.poll(() => next.getByRole('button', { name: '记录回访' }).count()).toBe(1);
    await screenshot(desk, 'followups-desk-recorded-normal');
    await phone.close();

    // the same desk in elder mode
    const elderPhone = await contextIn(run.browser, base, true);
    const elderDesk = await elderPhone.newPage();
    await signIn(elderDesk, base, 'followup01');
    await expect.poll(() => elderDesk.getByText('共 2 条，第 1 页（共 1 页）').count()).toBe(1);
    await expect.poll(() => elderDesk.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    await screenshot(elderDesk, 'followups-desk-elder');
    await elderPhone.close();

    // the other two through the API: 一般 and 优秀
    const open = FollowupPage.parse(await api(base, followup, '/api/agent/followups?state=open'));
    expect(open.items.map((t) => t.residentName)).toEqual(['王*国', '赵*华']);
    const [second, third] = open.items;
    await api(base, followup, `/api/agent/followups/${second?.id ?? ''}`, { level: 'fair', onTime: true });
    await api(base, followup, `/api/agent/followups/${third?.id ?? ''}`, { level: 'excellent', onTime: true });

    // super01 at a desktop: 班长视图 → 回访简报, this month
    for (const elder of [false, true]) {
      const wide = await contextIn(run.browser, base, elder, { width: 1280, height: 800 });
      const page = await wide.newPage();
      await signIn(page, base, 'super01');
      await page.getByRole('button', { name: '班长视图' }).click();
      await page.getByRole('button', { name: '回访简报（各班组满意率）' }).click();
      await expect.poll(() => page.getByRole('table').count()).toBe(1);
      await expect.poll(() => page.getByRole('row', { name: new RegExp(`^${TEAM}`) }).count()).toBe(1);
      const expected = [TEAM, '3', '1', '1', '1', '0', '0', '0', '66.67%', '—', '无同期数据'];
      expect(await rowTexts(page, new RegExp(`^${TEAM}`))).toEqual(expected);
      expect(await rowTexts(page, /^合计/)).toEqual(['合计', ...expected.slice(1)]);
      for (const rate of await page.getByRole('row').getByRole('cell').allTextContents())
        if (rate.endsWith('%')) expect(rate).toMatch(/^\d{1,3}\.\d{2}%$/);
      await screenshot(page, `followups-bulletin-${elder ? 'elder' : 'normal'}`, { scale: 'css' });
      await wide.close();
    }
  });
});
