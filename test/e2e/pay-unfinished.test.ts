import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_BILLING_ACCOUNTS } from '../../bff/src/seed/billing';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoAndBrowser, residentApi } from '../helpers/e2e';

// The pay sheet left by every route a person takes (browser back, reload, the tab closed, the app
// killed) strands nothing: on every page she comes back to (the bills page, the 缴费 tab,
// 缴费记录, the payment's own page) her unfinished payment offers 「继续付款」 and 「不付了」,
// and each finishes or gives up from there.

interface Listed {
  id: string;
  status: string;
  closeReason?: string | null;
}

type Api = Awaited<ReturnType<typeof residentApi>>;

const bills = (accountId: string) => `#/packages/pay/bills/index?accountId=${accountId}`;
const PAY_TAB = '#/pages/pay/index';
const HISTORY = '#/packages/pay/history/index';
const result = (id: string) => `#/packages/pay/result/index?id=${id}`;

/**
 * Opens the app afresh at a page, as a person coming back does (a new load, not a hash change:
 * Taro's H5 router would answer a hash change to a route in its stack by going back to that page).
 */
async function openAfresh(page: Page, url: string) {
  await page.goto('about:blank');
  await page.goto(url);
}

/** The card of an unfinished payment on the page in view, with its two actions. */
function unfinishedCard(page: Page) {
  return page.getByRole('region', { name: /还没付完/ }).first();
}

/** Opens an entry page and waits until it offers the unfinished payment to continue or give up. */
async function expectOffered(page: Page, base: string, hash: string, shot: string) {
  await openAfresh(page, `${base}/${hash}`);
  const card = unfinishedCard(page);
  await card.waitFor();
  await card.getByRole('button', { name: '继续付款' }).waitFor();
  await card.getByRole('button', { name: '不付了' }).waitFor();
  await screenshot(page, shot);
  return card;
}

/** From the bills page: 去缴费, 确认缴费, and the sandbox sheet opens (the payment is now pending). */
async function openSheet(page: Page, base: string, accountId: string) {
  await openAfresh(page, `${base}/${bills(accountId)}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.getByRole('button', { name: '确认缴费' }).click();
  await page.getByRole('dialog', { name: '模拟支付' }).waitFor();
}

/** The one pending payment of the resident (read behind the screens). */
async function thePending(api: Api): Promise<Listed> {
  const { payments } = await api<{ payments: Listed[] }>('/api/payments?status=pending');
  expect(payments).toHaveLength(1);
  const [only] = payments;
  if (!only) throw new Error('no pending payment');
  return only;
}

/** Continues from a card: the sandbox sheet again, pays, and the payment's page says 缴费成功. */
async function finishFrom(page: Page) {
  await unfinishedCard(page).getByRole('button', { name: '继续付款' }).click();
  const sheet = page.getByRole('dialog', { name: '模拟支付' });
  await sheet.waitFor();
  await sheet.getByRole('button', { name: '确认付款' }).click();
  await page.getByText('缴费成功').first().waitFor();
}

/** Gives up from a card and waits for the plain word that nothing was taken. */
async function giveUpFrom(page: Page) {
  await unfinishedCard(page).getByRole('button', { name: '不付了' }).click();
  await page.getByText('已经不付了，没有扣款').first().waitFor();
}

describe('a payment left half-way is found again on every pay page', () => {
  const run = demoAndBrowser();

  async function signedIn(context: BrowserContext) {
    const page = await context.newPage();
    const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/dev-login') && r.status() === 200);
    await page.goto(`${run.demo.url}/`);
    await login;
    return page;
  }

  it('by back, reload, a closed tab and a killed app; each time continued or given up from another page', async () => {
    const base = run.demo.url;
    let context = await phoneContext(run.browser);
    let page = await signedIn(context);
    const api = await residentApi(run.demo, page);
    // binding needs proof of holdership: the holder's name, as README "The demo" names it
    const bind = async ({
      utility,
      accountNo,
      holderName,
    }: {
      utility: string;
      accountNo: string;
      holderName: string;
    }) => (await api<{ id: string }>('/api/accounts', { method: 'POST', body: { utility, accountNo, holderName } })).id;
    const power = await bind(DEMO_BILLING_ACCOUNTS.power);
    const water = await bind(DEMO_BILLING_ACCOUNTS.water);
    const overdue = await bind(DEMO_BILLING_ACCOUNTS.overdue);
    const pages = (accountId: string, id: string) => ({
      bills: bills(accountId),
      tab: PAY_TAB,
      history: HISTORY,
      result: result(id),
    });

    // 1. browser back from the sheet: finished on the payment's own page
    await openSheet(page, base, power);
    await page.goBack();
    let pending = await thePending(api);
    await unfinishedCard(page).waitFor(); // back on the bills page
    for (const [name, hash] of Object.entries(pages(power, pending.id))) {
      await expectOffered(page, base, hash, `pay-unfinished-back-${name}`);
    }
    await finishFrom(page);
    expect(await api<Listed>(`/api/payments/${pending.id}`)).toMatchObject({ status: 'paid' });

    // 2. reload on the sheet: the confirm page itself offers it; given up on the 缴费 tab
    await openSheet(page, base, water);
    await page.reload();
    await unfinishedCard(page).waitFor();
    await screenshot(page, 'pay-unfinished-reload-confirm');
    pending = await thePending(api);
    const reloaded = pages(water, pending.id);
    for (const name of ['bills', 'history', 'result', 'tab'] as const) {
      await expectOffered(page, base, reloaded[name], `pay-unfinished-reload-${name}`);
    }
    await giveUpFrom(page);
    expect(await api<Listed>(`/api/payments/${pending.id}`)).toMatchObject({
      status: 'closed',
      closeReason: 'cancelled',
    });
    // the bill is free at once: payable again, no card
    await openAfresh(page, `${base}/${bills(water)}`);
    await page.getByRole('checkbox').first().waitFor();
    expect(await unfinishedCard(page).count()).toBe(0);

    // 3. the tab closed on the sheet, in elder mode: finished on the bills page
    await api('/api/me', { method: 'PATCH', body: { elderMode: true } });
    await openSheet(page, base, water);
    await page.close();
    page = await context.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    pending = await thePending(api);
    const closed = pages(water, pending.id);
    for (const name of ['tab', 'history', 'result', 'bills'] as const) {
      await expectOffered(page, base, closed[name], `pay-unfinished-closed-elder-${name}`);
    }
    await finishFrom(page);
    expect(await api<Listed>(`/api/payments/${pending.id}`)).toMatchObject({ status: 'paid' });

    // 4. the app killed on the sheet (the browser gone, its storage kept), six bills: given up in 缴费记录
    await openSheet(page, base, overdue);
    const storage = await context.storageState();
    await context.close();
    context = await phoneContext(run.browser, { storageState: storage });
    page = await context.newPage();
    await page.goto(`${base}/`);
    pending = await thePending(api);
    const killed = pages(overdue, pending.id);
    for (const name of ['bills', 'tab', 'result', 'history'] as const) {
      await expectOffered(page, base, killed[name], `pay-unfinished-killed-elder-${name}`);
    }
    await giveUpFrom(page);
    await openAfresh(page, `${base}/${result(pending.id)}`);
    await page.getByText('已关闭').first().waitFor();
    await page.getByText('您选了不付，这笔已关闭，没有扣款。').waitFor();
    await screenshot(page, 'pay-unfinished-killed-elder-closed');
    await openAfresh(page, `${base}/${bills(overdue)}`);
    await expect.poll(() => page.getByRole('checkbox').count()).toBe(6);
    expect(await unfinishedCard(page).count()).toBe(0);
    await context.close();
  });
});
