import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResidentWorkOrder } from '@bianmin/shared';
import { session } from '../../../services';
import { SessionProvider } from '../../../store/SessionProvider';
import { FakeEventSource } from '../../../test/event-source';
import { makePhoneCall, request, routerParams } from '../../../test/taro';
import RepairOrderPage from '.';

const ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const at = '2026-01-05T02:00:00.000Z';

function order(over: Partial<ResidentWorkOrder> = {}): ResidentWorkOrder {
  return {
    id: ID,
    no: 'GD26010512345678',
    type: 'emergency_repair',
    utility: 'power',
    problem: 'power_outage',
    status: 'assigned',
    statusText: '已安排师傅',
    helpId: null,
    createdAt: at,
    updatedAt: at,
    priority: 'emergency',
    danger: true,
    emergencyNumbers: [
      { name: '供电抢修', number: '95598' },
      { name: '火警', number: '119' },
    ],
    district: '东城区',
    address: '北京市东城区东华门街道1号',
    description: null,
    photos: [],
    preferredTime: null,
    slot: null,
    unit: { name: '东城供电所', phone: null },
    worker: { name: '张师傅', phoneMasked: '138****5678', phone: null },
    timeline: [
      { n: 0, at, action: 'created', text: '已受理', photos: [] },
      { n: 1, at, action: 'dispatched', text: '已派给东城供电所', photos: [] },
      { n: 2, at, action: 'assigned', text: '已安排张师傅', photos: [] },
    ],
    report: null,
    rating: { state: 'not_yet', satisfaction: null, comment: null },
    notice: null,
    ...over,
  };
}

/** A fake BFF for the timeline page: the order, and the rating posted once. */
function fakeBff(initial: ResidentWorkOrder) {
  let stored = initial;
  const ratings: unknown[] = [];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const path =
      String(raw.url)
        .replace(/^https?:\/\/[^/]+/, '')
        .split('?')[0] ?? '';
    const ok = (data: unknown, statusCode = 200) => Promise.resolve({ statusCode, data });
    if (path === '/api/auth/dev-login') {
      return ok({
        token: 'resident-token-1234567890',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { id: 'u1', nickname: '王阿姨', phone: null, elderMode: false, birthYear: null, createdAt: at },
      });
    }
    if (path === `/api/workorders/${ID}`) return ok(stored);
    if (path === `/api/workorders/${ID}/rating`) {
      ratings.push(raw.data);
      stored = {
        ...stored,
        status: 'closed',
        statusText: '已结束',
        rating: { state: 'answered', satisfaction: 'good', comment: null },
      };
      return ok(stored);
    }
    return ok({ error: { code: 'NOT_FOUND', message: '没有这个接口。' } }, 404);
  });
  return { ratings };
}

const renderPage = () =>
  render(
    <SessionProvider store={session}>
      <RepairOrderPage />
    </SessionProvider>,
  );

describe('报修进度 page', () => {
  beforeEach(() => {
    routerParams.id = ID;
    FakeEventSource.last = null;
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete routerParams.id;
  });

  it('shows the member masked until she accepts, then a big call button with her number, live', async () => {
    fakeBff(order());
    renderPage();
    await screen.findByText('已安排张师傅');
    expect(screen.getByText('电话 138****5678')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /打电话/ })).toBeNull();
    expect(FakeEventSource.last?.names()).toContain('workorder.status');
    const accepted = order({
      status: 'accepted',
      statusText: '师傅已接单',
      worker: { name: '张师傅', phoneMasked: '138****5678', phone: '13812345678' },
      timeline: [
        ...order().timeline,
        { n: 3, at, action: 'accepted', text: '张师傅已接单（电话 138****5678）', photos: [] },
      ],
    });
    act(() => FakeEventSource.last?.emit('workorder.status', '7', accepted));
    await screen.findByText('张师傅已接单（电话 138****5678）');
    fireEvent.click(screen.getByRole('button', { name: '打电话给张师傅' }));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13812345678' });
  });

  it('puts the emergency numbers first while the fault is open, and not once it is fixed', async () => {
    fakeBff(order());
    const view = renderPage();
    // 停电 is not a fire risk: the repair line first, and no word of leaving the house
    await screen.findByText('着急的话，可以直接打抢修电话：');
    expect(screen.getAllByRole('button', { name: /^拨打/ }).map((b) => b.getAttribute('aria-label'))).toEqual([
      '拨打供电抢修 95598',
      '拨打火警 119',
    ]);
    act(() =>
      FakeEventSource.last?.emit('workorder.status', '8', order({ status: 'completed', statusText: '已完成' })),
    );
    await screen.findByText('已完成');
    expect(screen.queryByText('着急的话，可以直接打抢修电话：')).toBeNull();
    view.unmount();
  });

  it('tells her to leave first when the problem can start a fire', async () => {
    fakeBff(order({ utility: 'gas', problem: 'gas_smell' }));
    const view = renderPage();
    await screen.findByText('有危险请先离开现场，马上拨打：');
    view.unmount();
  });

  it('asks for the rating with three large choices and sends one tap, once', async () => {
    const bff = fakeBff(
      order({ status: 'checked', statusText: '请评价', rating: { state: 'open', satisfaction: null, comment: null } }),
    );
    renderPage();
    await screen.findByText('修好了吗？请您评价');
    expect(screen.getAllByRole('radio').map((r) => r.textContent)).toEqual(['满意', '一般', '不满意']);
    fireEvent.click(screen.getByRole('radio', { name: '满意' }));
    await screen.findByText('谢谢您的评价！');
    expect(bff.ratings).toEqual([{ satisfaction: 'good' }]);
    expect(screen.queryByText('修好了吗？请您评价')).toBeNull();
  });
});
