import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountBills, CreatePaymentResult, PaymentDetail } from '@bianmin/shared';
import { fakePayBff, renderInSession } from '../../../test/pay-page';
import { redirectTo, routerParams } from '../../../test/pay-taro';
import type * as TaroDouble from '../../../test/taro';

vi.mock('@tarojs/taro', async (importOriginal) =>
  (await import('../../../test/pay-taro')).payPageTaro(await importOriginal<typeof TaroDouble>()),
);

const bills: AccountBills = {
  account: {
    id: '0123456789abcdef01234567',
    utility: 'power',
    accountNo: '1000000001',
    alias: null,
    relation: 'bound',
    holderName: '张*明',
    address: '北京市东城区****',
    balanceFen: 1_500,
    prepaid: true,
    owedFen: 0,
    unpaidCount: 0,
    nextDueDate: null,
  },
  bills: [],
  pendingPayment: null,
};

const { api, session, sent } = fakePayBff((path) => {
  const payment = { id: 'bbbbbbbbbbbbbbbbbbbbbbbb', kind: 'topUp', amountFen: 8_850 } as PaymentDetail;
  if (path === '/api/bills') return { statusCode: 200, data: bills };
  if (path === '/api/payments') return { statusCode: 200, data: { payments: [] } };
  if (path === '/api/payments/top-up') {
    const result = { payment, payParams: { kind: 'sandbox', paymentId: payment.id } } as CreatePaymentResult;
    return { statusCode: 201, data: result };
  }
  if (path.endsWith('/sandbox-confirm')) return { statusCode: 200, data: payment };
  return undefined;
});
vi.mock('../../../services', () => ({ api, session }));

const { default: TopUpPage } = await import('.');

describe('充值', () => {
  beforeEach(async () => {
    sent.length = 0;
    routerParams.params = { accountId: bills.account.id };
    await session.start();
  });

  const renderPage = () => renderInSession(session, <TopUpPage />);
  const topUps = () => sent.filter((r) => r.url === '/api/payments/top-up');

  it('shows an elder the account, the balance, large amount choices and the amount in capitals, with one confirm button', async () => {
    renderPage();
    expect(await screen.findByText('壹佰元整')).toBeTruthy();
    expect(screen.getByText('张*明')).toBeTruthy();
    expect(screen.getByText('¥15.00')).toBeTruthy();
    expect(screen.getAllByRole('radio').map((r) => r.getAttribute('aria-label'))).toEqual([
      '¥50',
      '¥100',
      '¥200',
      '¥500',
      '其他金额',
    ]);
    expect(screen.getAllByRole('button', { name: '确认充值' })).toHaveLength(1);
    expect(document.querySelector('.theme-elder')).not.toBeNull();
  });

  it('refuses an other amount out of range in words, sending nothing, then tops up a right one through the sandbox sheet', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('radio', { name: '其他金额' }));
    const box = screen.getByLabelText('其他金额（元）');
    fireEvent.input(box, { target: { value: '5000.01' } });
    fireEvent.click(screen.getByRole('button', { name: '确认充值' }));
    expect(await screen.findByText('充值金额要在 10 元到 5000 元之间。')).toBeTruthy();
    expect(topUps()).toHaveLength(0);

    fireEvent.input(box, { target: { value: '88.5' } });
    expect(await screen.findByText('捌拾捌元伍角')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '确认充值' }));
    await screen.findByRole('dialog', { name: '模拟支付' });
    expect(topUps().map((r) => r.data)).toEqual([
      { accountId: bills.account.id, amountFen: 8_850, idempotencyKey: expect.stringMatching(/^pay-[0-9a-f]{24}$/) },
    ]);
    fireEvent.click(screen.getByRole('button', { name: '确认付款' }));
    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/pay/result/index?id=bbbbbbbbbbbbbbbbbbbbbbbb' }),
    );
  });
});
