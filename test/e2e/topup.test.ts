import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoAndBrowser, openAndBindDemoPower, payInSandboxSheet, residentApi } from '../helpers/e2e';

interface AccountsAnswer {
  accounts: Array<{ id: string; accountNo: string; balanceFen: number | null }>;
}

/** Confirms the top-up, pays in the sandbox sheet, and waits for the result page. */
const topUpInSandbox = (page: Page, name: string) => payInSandboxSheet(page, '确认充值', '充值成功', name);

describe('topping up a prepaid account in the H5 app with the sandbox', () => {
  const run = demoAndBrowser();

  it('tops up power 1000000001 from its bills page and sees the new balance; then again in elder mode with 其他金额', async () => {
    const context = await phoneContext(run.browser);
    const page = await context.newPage();
    await openAndBindDemoPower(run.demo, page);

    // the bills page shows the prepaid balance (¥15.00 in the demo) and offers 充值
    await page.getByText('预存余额').first().waitFor();
    expect(await page.locator('.bm-page:visible').last().textContent()).toContain('¥15.00');
    await page.getByRole('button', { name: '给电费户号充值' }).click();

    // the top-up page: large choices, ¥100 chosen, the amount in capitals
    await page.getByRole('button', { name: '确认充值' }).waitFor();
    await page.getByRole('radio', { name: '¥100' }).click();
    await page.getByText('壹佰元整').waitFor();
    await screenshot(page, 'topup');
    await topUpInSandbox(page, 'topup');
    await page.getByText('充值后余额').waitFor();
    expect(await page.locator('.bm-page:visible').last().textContent()).toContain('¥115.00');

    const api = await residentApi(run.demo, page);
    const power = async () =>
      (await api<AccountsAnswer>('/api/accounts')).accounts.find((a) => a.accountNo === '1000000001');
    const account = await power();
    expect(account?.balanceFen).toBe(11_500);

    // elder mode: 其他金额, out of range first, then ¥20
    await api('/api/me', { method: 'PATCH', body: { elderMode: true } });
    await page.goto(`${run.demo.url}/#/packages/pay/topup/index?accountId=${account?.id ?? ''}`);
    await page.reload();
    await expect.poll(() => page.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    await page.getByRole('radio', { name: '其他金额' }).click();
    const box = page.locator('input[aria-label="其他金额（元）"]');
    await box.fill('5');
    await page.getByRole('button', { name: '确认充值' }).click();
    await page.getByText('充值金额要在 10 元到 5000 元之间。').waitFor();
    await box.fill('20');
    const capital = page.locator('.bm-bill-capital').first();
    await page.getByText('贰拾元整').waitFor();
    expect(await capital.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
    const button = await page.getByRole('button', { name: '确认充值' }).boundingBox();
    expect(button?.height).toBeGreaterThanOrEqual(60);
    const chip = await page.getByRole('radio', { name: '¥500' }).boundingBox();
    expect(chip?.height).toBeGreaterThanOrEqual(60);
    await screenshot(page, 'topup-elder');
    await topUpInSandbox(page, 'topup-elder');
    await expect.poll(async () => (await power())?.balanceFen).toBe(13_500);
    expect(await page.locator('.bm-page:visible').last().textContent()).toContain('¥135.00');

    // the receipt says 充值凭证, with no empty 账期 line
    await page.getByRole('button', { name: '查看充值证明' }).click();
    await page.getByText('电费充值凭证').waitFor();
    expect(await page.locator('.bm-page:visible').last().textContent()).not.toContain('账期');
    await screenshot(page, 'topup-elder-receipt');

    // the payment history says 充值 too
    const payments = await api<{ payments: Array<{ kind: string; status: string; amountFen: number }> }>(
      '/api/payments',
    );
    expect(payments.payments.map((p) => [p.kind, p.status, p.amountFen])).toEqual([
      ['topUp', 'paid', 2_000],
      ['topUp', 'paid', 10_000],
    ]);
    await context.close();
  });
});
