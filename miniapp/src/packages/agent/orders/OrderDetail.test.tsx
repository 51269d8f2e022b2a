import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workOrderStatusValues, workOrderTypeValues, type StaffWorkOrder, type Unit } from '@bianmin/shared';
import { request } from '../../../test/taro';
import { staffOrder } from '../../../test/workorders';
import { agentSession } from '../services';
import { OrderDetail } from './OrderDetail';
import { signInStaff } from '../../../test/staff';

const AT = '2026-01-05T02:00:00.000Z';
const unit = (id: string, name: string, utility: Unit['utility'], district: string): Unit => ({
  id: id.repeat(24),
  name,
  utility,
  district,
  phone: null,
  grids: [],
  members: [],
});
const UNITS = [
  unit('1', '东城供电所', 'power', '东城区'),
  unit('2', '西城供电所', 'power', '西城区'),
  unit('3', '自来水东城营业所', 'water', '东城区'),
];
const REPORT = {
  summary: '更换了保险',
  cause: 'equipment' as const,
  causeText: '设备故障',
  notes: null,
  photos: [{ id: 'f'.repeat(24) }],
  at: AT,
};

/** The desk's BFF: answers dispatch and check with the order moved on, and keeps what was sent. */
function fakeBff() {
  const sent: Array<{ path: string; data: unknown }> = [];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const path = String(raw.url).replace(/^https?:\/\/[^/]+/, '');
    sent.push({ path, data: raw.data });
    const body = raw.data as { accept?: boolean; unitId?: string };
    const next = path.endsWith('/dispatch')
      ? staffOrder({ status: 'dispatched', unit: { id: body.unitId ?? '', name: '西城供电所' } })
      : staffOrder({ status: body.accept ? 'checked' : 'rework', report: REPORT });
    return Promise.resolve({ statusCode: 200, data: next });
  });
  return sent;
}

describe('an order at the desk', () => {
  beforeEach(() => signInStaff({ username: 'agent01', displayName: '王晓丽', role: 'agent' }));
  afterEach(() => {
    request.mockReset();
    agentSession.signOut();
  });

  it('dispatches a returned order again to a unit of its own utility, with the 退单 reason in view', async () => {
    const sent = fakeBff();
    let shown: StaffWorkOrder | null = null;
    render(
      <OrderDetail
        order={staffOrder({
          status: 'returned',
          lastReturn: { reason: '不归我们管，是西城的', by: '张建国', at: AT },
        })}
        units={UNITS}
        onChange={(o) => (shown = o)}
      />,
    );
    expect(screen.getByText(/不归我们管，是西城的/)).toBeTruthy();
    // only power units are offered; the order's own unit comes chosen
    expect(screen.queryByRole('button', { name: '自来水东城营业所' })).toBeNull();
    expect(screen.getByRole('button', { name: '东城供电所' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '西城供电所' }));
    fireEvent.click(screen.getByRole('button', { name: '派单' }));
    await waitFor(() => expect(shown).not.toBeNull());
    expect(sent.map((s) => s.path)).toEqual([`/api/agent/workorders/${staffOrder().id}/dispatch`]);
    expect(sent[0]?.data).toEqual({ unitId: UNITS[1]?.id });
  });

  it('checks a 回单 with its photo: returns it only with a reason, or accepts it', async () => {
    const sent = fakeBff();
    render(
      <OrderDetail
        order={staffOrder({ status: 'completed', report: REPORT })}
        units={UNITS}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByText('做了什么：更换了保险')).toBeTruthy();
    expect(screen.getByLabelText('回单照片1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '退回单位重办' }));
    expect(screen.getByText('退回原因（单位能看到）：请写明原因')).toBeTruthy();
    expect(sent).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: '对单通过' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ path: `/api/agent/workorders/${staffOrder().id}/check`, data: { accept: true } });
  });

  it('speaks Chinese for every type and status (the order number aside)', () => {
    const found: string[] = [];
    for (const type of workOrderTypeValues) {
      for (const status of workOrderStatusValues) {
        const { container, unmount } = render(
          <OrderDetail
            order={staffOrder({
              type,
              status,
              report: REPORT,
              lastCheck: { accepted: false, reason: '照片不清楚', by: '王晓丽', at: AT },
            })}
            units={UNITS}
            onChange={() => undefined}
          />,
        );
        const texts = [container.textContent.replaceAll(/GD\d+/g, '')];
        for (const el of container.querySelectorAll('[aria-label]')) texts.push(el.getAttribute('aria-label') ?? '');
        found.push(...texts.flatMap((t) => t.match(/.{0,8}[A-Za-z].{0,8}/g) ?? []));
        unmount();
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });
});
