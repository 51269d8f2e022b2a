import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { toChineseCapital } from '../../shared/src/money';
import { inViewport, phoneContext, screenshot } from '../helpers/browser';
import { demoAndBrowser, openAndBindDemoPower, payInSandboxSheet, residentApi } from '../helpers/e2e';
import { repoRoot } from '../helpers/process';

const capitalOf = (fen: number | undefined) => toChineseCapital(fen ?? -1);

interface PaymentsAnswer {
  payments: Array<{
    status: string;
    amountFen: number;
    onBehalf: boolean;
    accountNo: string;
    outTradeNo: string;
    bills: unknown[];
  }>;
}

/** Confirms on the confirm page, pays in the sandbox sheet, and waits for the result page. */
const payInSandbox = (page: Page, name: string) => payInSandboxSheet(page, '确认缴费', '缴费成功', name);

describe('paying bills in the H5 app with the sandbox', () => {
  const run = demoAndBrowser();

  it("binds power 1000000001, pays one bill, sees it paid; then pays 李秀英's gas bill by phone lookup, in elder mode", async () => {
    const context = await phoneContext(run.browser);
    // what the app draws on a canvas is what the saved receipt picture says
    await context.addInitScript(() => {
      const drawn: string[] = [];
      (window as unknown as { drawnText: string[] }).drawnText = drawn;
      const proto = CanvasRenderingContext2D.prototype;
      const fillText = Object.getOwnPropertyDescriptor(proto, 'fillText')?.value as typeof proto.fillText;
      proto.fillText = function (this: CanvasRenderingContext2D, text, ...rest) {
        drawn.push(text);
        fillText.call(this, text, ...rest);
      };
    });
    const page = await context.newPage();
    await openAndBindDemoPower(run.demo, page);

    // the bills page: two unpaid bills, both ticked; untick one and pay the other
    const bills = page.getByRole('checkbox');
    await expect.poll(() => bills.count()).toBe(2);
    await page.getByText('户主 张*明', { exact: false }).first().waitFor();
    await bills.first().click();
    await expect.poll(() => bills.first().getAttribute('aria-checked')).toBe('false');
    await screenshot(page, 'pay-bills');
    await page.getByRole('button', { name: '去缴费' }).click();

    // confirm: the amount also in capital numerals
    await page.getByRole('button', { name: '确认缴费' }).waitFor();
    const capital = await page.locator('.bm-bill-capital').first().textContent();
    expect(capital).toMatch(/元/);
    await screenshot(page, 'pay-confirm');
    await payInSandbox(page, 'pay-power');

    const api = await residentApi(run.demo, page);
    const first = await api<PaymentsAnswer>('/api/payments');
    expect(first.payments).toHaveLength(1);
    expect(first.payments[0]).toMatchObject({ status: 'paid', accountNo: '1000000001', onBehalf: false });
    expect(first.payments[0]?.bills).toHaveLength(1);
    expect(capital).toBe(toChineseCapital(first.payments[0]?.amountFen ?? -1));

    // back on the pay tab, one bill is still owed
    await page.getByRole('link', { name: '回到缴费首页' }).click();
    await page.getByText(/待缴/).first().waitFor();

    // elder mode on, then 代缴 for 李秀英 by her phone number
    await api('/api/me', { method: 'PATCH', body: { elderMode: true } });
    await page.goto(`${run.demo.url}/#/packages/pay/payer/index`);
    await page.reload();
    await expect.poll(() => page.locator('.bm-page.theme-elder').count()).toBeGreaterThan(0);
    await page.getByRole('radio', { name: '燃气费' }).click();
    await page.getByRole('radio', { name: '手机号' }).click();
    await page.locator('input[aria-label="手机号"]').fill('13900139000');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('户主 李*英').waitFor();
    const found = (await page.locator('.bm-bill-card').first().textContent()) ?? '';
    expect(found).toContain('139****9000');
    for (const secret of ['李秀英', '13900139000', '310101194803034321', '新街口']) expect(found).not.toContain(secret);
    await screenshot(page, 'pay-payer-found');
    await page.getByRole('button', { name: '是这户，去缴费' }).click();

    // the elder confirm page: masked holder and the amount in capitals, large
    await page.getByRole('button', { name: '确认缴费' }).waitFor();
    await page.getByText('李*英', { exact: true }).waitFor();
    const elderCapital = page.locator('.bm-bill-capital').first();
    expect(await elderCapital.textContent()).toMatch(/元/);
    const size = await elderCapital.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    const button = await page.getByRole('button', { name: '确认缴费' }).boundingBox();
    expect(button?.height).toBeGreaterThanOrEqual(60);
    expect(await page.getByRole('button', { name: '确认缴费' }).count()).toBe(1);
    await page.getByRole('link', { name: '返回修改' }).waitFor();
    await screenshot(page, 'pay-confirm-elder');
    const notShown = async (where: string) =>
      expect(await page.locator('.bm-page:visible').last().textContent(), where).not.toContain('3000000001');
    await notShown('the confirm page');
    await payInSandbox(page, 'pay-gas-behalf');

    const after = await api<PaymentsAnswer>('/api/payments');
    expect(after.payments).toHaveLength(2);
    // paid for someone else: the account number stays as masked as the lookup showed it
    expect(after.payments[0]).toMatchObject({ status: 'paid', onBehalf: true, accountNo: '******0001' });

    // the result page offers to keep the account as a family account, and then says it is kept
    await page.getByText('缴费成功').filter({ visible: true }).first().waitFor();
    await page.getByText('******0001', { exact: false }).filter({ visible: true }).first().waitFor();
    await notShown('the result page');
    await page.getByRole('button', { name: '存为亲情账户' }).click();
    await page.getByText('已存为亲情账户「李*英家」', { exact: false }).waitFor();
    await screenshot(page, 'pay-gas-behalf-saved');
    const family = await api<{ accounts: Array<{ id: string; alias: string | null }> }>('/api/family');
    expect(family.accounts.map((a) => a.alias)).toContain('李*英家');

    // the receipt says for whom it was paid, masked
    await page.getByRole('button', { name: '查看缴费证明' }).click();
    await page.getByText('这是替别人缴费：户主 李*英。').waitFor();
    await page.getByText('燃气费代缴凭证').waitFor();
    await notShown('the receipt');
    await screenshot(page, 'pay-gas-behalf-receipt');

    // saved as a picture: a PNG with the page's words drawn on it, nothing unmasked
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '存为图片' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^缴费证明-.+\.png$/);
    const saved = await fs.readFile(await file.path());
    expect(saved.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(saved.readUInt32BE(16), 'the picture is 750 wide at 2×').toBe(1500);
    await fs.mkdir(path.join(repoRoot, '.artifacts', 'screenshots'), { recursive: true });
    await fs.writeFile(path.join(repoRoot, '.artifacts', 'screenshots', 'pay-receipt-picture.png'), saved);
    const drawn = (await page.evaluate(() => (window as unknown as { drawnText: string[] }).drawnText)).join('');
    for (const said of ['燃气费代缴凭证', '这是替别人缴费：户主 李*英。', '******0001', '（北京时间）'])
      expect(drawn).toContain(said);
    expect(drawn).toContain(capitalOf(after.payments[0]?.amountFen));
    expect(drawn).toContain(after.payments[0]?.outTradeNo ?? '(no order number)');
    for (const secret of ['李秀英', '13900139000', '3000000001']) expect(drawn).not.toContain(secret);
    // the picture is shown too (WeChat's browser saves it by a long press), and it has loaded
    const shown = page.locator('.receipt__picture img');
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1500);
    // what the tap made is where she looks, not under the fold
    await expect.poll(() => inViewport(page, page.getByText(/缴费证明已存为图片/))).toBe(true);
    await screenshot(page, 'pay-gas-behalf-receipt-saved');
    await context.close();
  });
});
