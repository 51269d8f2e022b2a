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
    utility: 'gas',
    accountNo: '******0001',
    alias: null,
    relation: 'lookup',
    holderName: '李*英',
    address: '北京市西城区****',
    balanceFen: null,
    prepaid: false,
    owedFen: 12050,
    unpaidCount: 1,
    nextDueDate: '2026-01-20',
  },
  bills: [
    {
      id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      accountId: '0123456789abcdef01234567',
      utility: 'gas',
      period: '2025-12',
      amountFen: 12050,
      lateFeeFen: null,
      dueDate: '2026-01-20',
      status: 'unpaid',
      pending: false,
      usage: null,
      paidAt: null,
      overdueDays: 0,
      payable: true,
    },
  ],
  pendingPayment: null,
};

const { api, session, sent } = fakePayBff((path) => {
  const payment = { id: 'bbbbbbbbbbbbbbbbbbbbbbbb', amountFen: 12050 } as PaymentDetail;
  if (path === '/api/bills') return { statusCode: 200, data: bills };
  if (path === '/api/payments') {
    const result = { payment, payParams: { kind: 'sandbox', paymentId: payment.id } } as CreatePaymentResult;
    return { statusCode: 201, data: result };
  }
  if (path.endsWith('/sandbox-confirm')) return { statusCode: 200, data: payment };
  return undefined;
});
vi.mock('../../../services', () => ({ api, session }));

const { default: ConfirmPage } = await import('.');

describe('确认缴费', () => {
  beforeEach(async () => {
    sent.length = 0;
    routerParams.params = { accountId: bills.account.id, billIds: 'aaaaaaaaaaaaaaaaaaaaaaaa', onBehalf: '1' };
    await session.start();
  });

  const renderPage = () => renderInSession(session, <ConfirmPage />);

  it('shows an elder the masked holder and the amount in capital numerals, with one confirm button and a way back', async () => {
    renderPage();
    expect(await screen.findByText('壹佰贰拾元伍角')).toBeTruthy();
    expect(screen.getByText('李*英')).toBeTruthy();
    expect(screen.getByText('¥120.50')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: '确认缴费' })).toHaveLength(1);
    expect(screen.getByRole('link', { name: '返回修改' })).toBeTruthy();
    expect(document.querySelector('.theme-elder')).not.toBeNull();
    expect(document.body.textContent).not.toMatch(/秒|倒计时/);
  });

  it('pays on behalf with one idempotency key, through the sandbox sheet, then opens the result', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: '确认缴费' }));
    const sheet = await screen.findByRole('dialog', { name: '模拟支付' });
    const create = sent.find((r) => r.url === '/api/payments');
    expect(create?.data).toMatchObject({
      billIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'],
      onBehalf: { accountId: bills.account.id },
      idempotencyKey: expect.stringMatching(/^pay-[0-9a-f]{24}$/),
    });
    expect(create?.data).not.toHaveProperty('amountFen');
    fireEvent.click(screen.getByRole('button', { name: '确认付款' }));
    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/pay/result/index?id=bbbbbbbbbbbbbbbbbbbbbbbb' }),
    );
    expect(sheet).toBeTruthy();
  });
});
