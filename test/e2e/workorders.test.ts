import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Assessment, ResidentWorkOrder } from '@bianmin/shared';
import { pngBytes } from '../../bff/src/features/workorders/test-helpers';
import { browserStorageFor, signInDemoResident } from '../a11y/pages';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoAndBrowser } from '../helpers/e2e';

// 工单闭环 end to end on the real `npm start`: a resident reports 停电 at her bound power account
// with one photo; it reaches 东城供电所; field01 on his phone accepts, marks contacted, arrived
// and done with a 回单 photo; the coordinator checks and accepts; the resident sees every step
// live and rates it; the unit's scores count it.

async function staffToken(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/agent/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'bianmin-demo' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** The page shows `text` (the resident's timeline moving by itself: no reload anywhere). */
const shows = (page: Page, text: string | RegExp) => expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0);

/** Attaches the demo photo at the next file chooser `press` opens (Taro's chooseMedia in H5). */
async function attachPhoto(page: Page, press: () => Promise<void>): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await press();
  await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: pngBytes() });
}

describe('work orders to the unit and back, end to end in two phones', () => {
  const run = demoAndBrowser();

  it('a 停电 report with a photo reaches 东城供电所, field01 works it, the coordinator checks it, the resident watches live and rates it, the unit is scored', async () => {
    const base = run.demo.url;

    // the resident, on her phone, with 张建明's power account (东城区) bound and a phone on her profile
    const resident = await signInDemoResident(base);
    const patched = await fetch(`${base}/api/me`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${resident.token}` },
      body: JSON.stringify({ phone: '13700001234' }),
    });
    expect(patched.status).toBe(200);
    const residentContext = await phoneContext(run.browser);
    await residentContext.addInitScript(
      (entries: Record<string, string>) => {
        for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
      },
      browserStorageFor(resident, false),
    );
    const home = await residentContext.newPage();
    await home.goto(`${base}/`);
    await expect.poll(() => home.getByText(/^您好/).count()).toBeGreaterThan(0);
    await home.getByRole('link', { name: /^报修/ }).click();
    await home.getByRole('radio', { name: '供电' }).click();
    await home.getByRole('radio', { name: '家里停电了' }).click();
    // her one power account is chosen for her; the power company's repair line comes first
    await expect.poll(() => home.getByRole('radio', { name: /户号 1000000001/, checked: true }).count()).toBe(1);
    await shows(home, '着急的话，可以直接打抢修电话：');
    await expect
      .poll(() => home.getByRole('button', { name: /^拨打/ }).first().getAttribute('aria-label'))
      .toBe('拨打供电抢修 95598');
    await attachPhoto(home, () => home.getByRole('button', { name: '拍照片' }).click());
    await expect.poll(() => home.getByRole('button', { name: '再拍一张' }).count()).toBe(1);
    await screenshot(home, 'workorders-resident-report');
    const created = home.waitForResponse((r) => r.url().endsWith('/api/workorders') && r.request().method() === 'POST');
    await home.getByRole('button', { name: '提交报修' }).click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    const order = ResidentWorkOrder.parse(((await answer.json()) as { order: unknown }).order);
    expect(order).toMatchObject({ type: 'emergency_repair', status: 'dispatched', unit: { name: '东城供电所' } });
    expect(order.photos).toHaveLength(1);
    // the timeline page, following the order live from here on
    await shows(home, '已派给东城供电所');
    await screenshot(home, 'workorders-resident-dispatched');

    // field01 on his phone, at the staff login, lands in the field app with the new order
    const fieldContext = await phoneContext(run.browser);
    const field = await fieldContext.newPage();
    await field.goto(`${base}/#/packages/agent/login/index`);
    await field.getByLabel('用户名').fill('field01');
    await field.getByLabel('密码').fill('bianmin-demo');
    await field.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => field.getByRole('link', { name: /急修 · 家里停电了/ }).count()).toBeGreaterThan(0);
    await screenshot(field, 'workorders-field-home');
    await field
      .getByRole('link', { name: /急修 · 家里停电了/ })
      .first()
      .click();

    await field.getByRole('button', { name: '接单' }).click();
    await shows(home, '张师傅已接单（电话 138****0001）');
    await expect.poll(() => home.getByRole('button', { name: '打电话给张师傅' }).count()).toBe(1);
    await screenshot(home, 'workorders-resident-accepted');

    await field.getByRole('button', { name: '已联系居民' }).click();
    await shows(home, '张师傅已联系您');
    await field.getByRole('button', { name: '已出发' }).click();
    await shows(home, '张师傅已出发');
    await field.getByRole('button', { name: '已到达' }).click();
    await shows(home, '张师傅已到达');

    await field.getByRole('button', { name: '填写回单' }).click();
    await field.getByLabel('做了什么').fill('更换了烧坏的保险，已恢复供电');
    await field.getByRole('radio', { name: '设备故障' }).click();
    await attachPhoto(field, () => field.getByRole('button', { name: '拍现场照片' }).click());
    await expect.poll(() => field.getByRole('button', { name: '再拍一张' }).count()).toBe(1);
    await screenshot(field, 'workorders-field-report');
    await field.getByRole('button', { name: '提交回单' }).click();
    await shows(field, '回单已提交，等待核对。');
    await shows(home, '已完成：更换了烧坏的保险，已恢复供电');

    // the coordinator of 东城供电所 checks the 回单 (对单) and accepts it
    const coord = await staffToken(base, 'coord01');
    const checked = await fetch(`${base}/api/agent/workorders/${order.id}/check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${coord}` },
      body: JSON.stringify({ accept: true }),
    });
    expect(checked.status).toBe(200);

    // the resident is asked to rate, and rates it with one tap
    await shows(home, '修好了吗？请您评价');
    await screenshot(home, 'workorders-resident-rate');
    const rated = home.waitForResponse((r) => r.url().endsWith(`/api/workorders/${order.id}/rating`));
    await home.getByRole('radio', { name: '满意', exact: true }).click();
    expect((await rated).status()).toBe(200);
    await shows(home, '谢谢您的评价！');
    await shows(home, '您的评价：满意');
    await screenshot(home, 'workorders-resident-done');

    // every step of the timeline, in order, as she saw it
    const final = ResidentWorkOrder.parse(
      await (
        await fetch(`${base}/api/workorders/${order.id}`, { headers: { Authorization: `Bearer ${resident.token}` } })
      ).json(),
    );
    expect(final.timeline.map((e) => e.action)).toEqual([
      'created',
      'dispatched',
      'accepted',
      'contacted',
      'on_the_way',
      'arrived',
      'completed',
      'check_accepted',
      'rated',
    ]);
    expect(final.report?.photos).toHaveLength(1);

    // 东城供电所's scores count it: one order, contacted in time, rated good
    const supervisor = await staffToken(base, 'super01');
    const scores = Assessment.parse(
      await (
        await fetch(`${base}/api/agent/assessment?period=month`, { headers: { Authorization: `Bearer ${supervisor}` } })
      ).json(),
    );
    const east = scores.units.find((u) => u.unit.name === '东城供电所');
    expect(east?.current).toMatchObject({
      orders: 1,
      contactOnTime: { count: 1, of: 1 },
      arrivalOnTime: { count: 1, of: 1 },
      completionOnTime: { count: 1, of: 1 },
      returned: { count: 0, of: 1 },
      satisfaction: { count: 1, of: 1 },
    });
    expect(east?.members.find((m) => m.member.name === '张建国')?.current.orders).toBe(1);

    await fieldContext.close();
    await residentContext.close();
  });
});
