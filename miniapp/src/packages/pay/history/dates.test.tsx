import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Payment, PaymentDetail } from '@bianmin/shared';
import type { HttpRequest, HttpResponse } from '../../../api/client';
import { SessionProvider } from '../../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../../test/fake-bff';
import type * as TaroDouble from '../../../test/taro';

// The phone is set to America/New_York (miniapp/vitest.config.mts): a payment made at 05:35
// Beijing time, 21:35 UTC the day before, reads 12月2日 in 缴费记录 and on its receipt alike.

const routerParams: { params: Record<string, string> } = { params: {} };
vi.mock('@tarojs/taro', async (importOriginal) => {
  const original = await importOriginal<typeof TaroDouble>();
  const extra = { useRouter: () => routerParams, useDidShow: () => undefined };
  return { ...original, ...extra, default: { ...original.default, ...extra } };
});

const paidAt = '2026-12-01T21:35:00.000Z';
const payment: Payment = {
  id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
  kind: 'bills',
  status: 'paid',
  provider: 'sandbox',
  amountFen: 12050,
  outTradeNo: 'BM20261202abcdef',
  accountId: '0123456789abcdef01234567',
  utility: 'power',
  accountNo: '1000000001',
  holderName: '张*明',
  bills: [{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', period: '2026-11', amountFen: 12050, lateFeeFen: 0 }],
  onBehalf: false,
  transactionId: 'sandbox-1',
  createdAt: '2026-12-01T21:34:00.000Z',
  paidAt,
  payableUntil: null,
  closeReason: null,
  balanceAfterFen: null,
};
const detail = {
  ...payment,
  receipt: {
    title: '电费缴费凭证',
    amountFen: 12050,
    amountText: '¥120.50',
    amountCapital: '壹佰贰拾元伍角',
    utility: 'power',
    accountNo: payment.accountNo,
    holderName: payment.holderName,
    onBehalf: false,
    periods: ['2026-11'],
    outTradeNo: payment.outTradeNo,
    transactionId: payment.transactionId,
    paidAt,
  },
} as PaymentDetail;

const fake = createFakeBff();
const { api, session } = createTestSession(fake);
vi.mock('../../../services', () => ({ api, session }));
const base = fake.transport.getMockImplementation();
fake.transport.mockImplementation((request: HttpRequest): Promise<HttpResponse> => {
  const path = request.url.replace(/\?.*$/, '');
  if (path === '/api/payments') return Promise.resolve({ statusCode: 200, data: { payments: [payment] } });
  if (path === `/api/payments/${payment.id}`) return Promise.resolve({ statusCode: 200, data: detail });
  if (!base) throw new Error('no fake');
  return base(request);
});

const { default: HistoryPage } = await import('.');
const { default: ReceiptPage } = await import('../receipt');

describe('dates of a payment, on a phone far from Beijing', () => {
  beforeEach(async () => {
    routerParams.params = { id: payment.id };
    await session.start();
  });

  it('shows the same Beijing day in 缴费记录 and on the receipt', async () => {
    expect(new Date(paidAt).getDate()).toBe(1); // the phone's own reading, which must not be shown
    const history = render(
      <SessionProvider store={session}>
        <HistoryPage />
      </SessionProvider>,
    );
    expect(await screen.findByText(/12月2日/)).toBeTruthy();
    history.unmount();
    render(
      <SessionProvider store={session}>
        <ReceiptPage />
      </SessionProvider>,
    );
    expect(await screen.findByText('2026年12月2日 05:35')).toBeTruthy();
  });
});
