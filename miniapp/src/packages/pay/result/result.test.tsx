import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FamilyList, PaymentDetail } from '@bianmin/shared';
import type { HttpRequest, HttpResponse } from '../../../api/client';
import { SessionProvider } from '../../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../../test/fake-bff';
import type * as TaroDouble from '../../../test/taro';

// The payment's own page says plainly where a payment stands and what can be done; it never
// leaves a resident watching "正在确认付款结果…" for a payment she has not paid.

const routerParams: { params: Record<string, string> } = { params: {} };
vi.mock('@tarojs/taro', async (importOriginal) => {
  const original = await importOriginal<typeof TaroDouble>();
  const extra = {
    useRouter: () => routerParams,
    useDidShow: () => undefined,
    redirectTo: () => Promise.resolve(),
    navigateTo: () => Promise.resolve(),
    switchTab: () => Promise.resolve(),
  };
  return { ...original, ...extra, default: { ...original.default, ...extra } };
});

const base: PaymentDetail = {
  id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
  kind: 'bills',
  status: 'pending',
  provider: 'sandbox',
  amountFen: 8640,
  outTradeNo: 'BM20260112abcdef',
  accountId: '0123456789abcdef01234567',
  utility: 'gas',
  accountNo: '******0001',
  holderName: '李*英',
  bills: [{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', period: '2025-12', amountFen: 8640, lateFeeFen: 0 }],
  onBehalf: true,
  transactionId: null,
  createdAt: '2026-01-12T02:00:00.000Z',
  paidAt: null,
  payableUntil: '2026-01-12T02:10:00.000Z',
  closeReason: null,
  balanceAfterFen: null,
  receipt: null,
};
let answer: PaymentDetail = base;
let family: FamilyList = { accounts: [] };
const sent: HttpRequest[] = [];

const fake = createFakeBff({ elderMode: true });
const { api, session } = createTestSession(fake);
vi.mock('../../../services', () => ({ api, session }));
const fallback = fake.transport.getMockImplementation();
fake.transport.mockImplementation((request: HttpRequest): Promise<HttpResponse> => {
  const path = request.url.replace(/\?.*$/, '');
  sent.push(request);
  if (path === `/api/payments/${base.id}`) return Promise.resolve({ statusCode: 200, data: answer });
  if (path === `/api/payments/${base.id}/cancel`) {
    answer = { ...answer, status: 'closed', closeReason: 'cancelled', payableUntil: null };
    return Promise.resolve({ statusCode: 200, data: answer });
  }
  if (path === '/api/family' && request.method === 'GET') return Promise.resolve({ statusCode: 200, data: family });
  if (path === '/api/family') return Promise.resolve({ statusCode: 201, data: family });
  if (!fallback) throw new Error('no fake');
  return fallback(request);
});

const { default: ResultPage } = await import('.');

const renderPage = () =>
  render(
    <SessionProvider store={session}>
      <ResultPage />
    </SessionProvider>,
  );

describe('缴费结果', () => {
  beforeEach(async () => {
    sent.length = 0;
    answer = base;
    family = { accounts: [] };
    routerParams.params = { id: base.id };
    await session.start();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows an unpaid payment at once as not paid, with 继续付款 and 不付了, and asks only once', async () => {
    renderPage();
    expect(await screen.findByText('这笔缴费还没付款')).toBeTruthy();
    expect(screen.getByRole('button', { name: '继续付款' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '不付了' })).toBeTruthy();
    expect(screen.queryByText('正在确认付款结果…')).toBeNull();
    expect(sent.filter((r) => r.url.endsWith(`/api/payments/${base.id}`))).toHaveLength(1);
  });

  it('right after the WeChat sheet it asks a few times, then says so plainly and offers the two actions', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    routerParams.params = { id: base.id, checking: '1' };
    renderPage();
    expect(await screen.findByText('正在确认付款结果…')).toBeTruthy();
    await act(async () => {
      await vi.runAllTimersAsync();
    });
    expect(await screen.findByText(/还没收到付款结果/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '继续付款' })).toBeTruthy();
    const asked = sent.filter((r) => r.url.endsWith(`/api/payments/${base.id}`)).length;
    expect(asked).toBeGreaterThan(1);
    expect(asked).toBeLessThanOrEqual(10);
  });

  it('不付了 closes it and says that nothing was taken', async () => {
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: '不付了' }));
    expect(await screen.findByText(/已经不付了，没有扣款/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText('已关闭')).toBeTruthy());
  });

  it("says why someone else's on-behalf payment was closed when the holder paid herself", async () => {
    answer = { ...base, status: 'closed', closeReason: 'holder_paying', payableUntil: null };
    renderPage();
    expect(await screen.findByText('户主本人已在缴这笔费用，这笔代缴已关闭，没有扣款。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '继续付款' })).toBeNull();
  });

  it('offers 存为亲情账户 after paying for someone, and saves it under the name given', async () => {
    answer = { ...base, status: 'paid', paidAt: '2026-01-12T02:01:00.000Z', payableUntil: null };
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: '存为亲情账户' }));
    expect(await screen.findByText(/已存为亲情账户「李\*英家」/)).toBeTruthy();
    const save = sent.find((r) => r.url === '/api/family' && r.method === 'POST');
    expect(save?.data).toEqual({ accountId: base.accountId, alias: '李*英家' });
  });

  it('says so when the account is a family account already', async () => {
    answer = { ...base, status: 'paid', paidAt: '2026-01-12T02:01:00.000Z', payableUntil: null };
    family = {
      accounts: [
        {
          id: base.accountId,
          utility: 'gas',
          accountNo: '******0001',
          alias: '妈妈家',
          relation: 'family',
          holderName: '李*英',
          address: '北京市西城区****',
          balanceFen: null,
          prepaid: false,
          owedFen: 0,
          unpaidCount: 0,
          nextDueDate: null,
          unpaidBills: [],
          lowBalance: false,
        },
      ],
    };
    renderPage();
    expect(await screen.findByText(/这户已经在您的亲情账户里了（妈妈家）/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '存为亲情账户' })).toBeNull();
  });
});
