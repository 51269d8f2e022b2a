import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  workOrderStatusValues,
  workOrderTypeValues,
  type FromHelpDraft,
  type StaffWorkOrder,
  type StaffWorkOrderItem,
} from '@bianmin/shared';
import { request } from '../../test/taro';
import { staffOrder } from '../../test/workorders';
import { HelpOrderCard } from './HelpOrder';
import { agentSession } from './services';
import { signInStaff } from '../../test/staff';

const HELP = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ORDER = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const AT = '2026-01-05T02:00:00.000Z';
const EAST = { id: 'c'.repeat(24), name: '东城供电所', utility: 'power' as const, district: '东城区', phone: null };
const WEST = { id: 'd'.repeat(24), name: '西城供电所', utility: 'power' as const, district: '西城区', phone: null };

function draft(over: Partial<FromHelpDraft> = {}): FromHelpDraft {
  return {
    helpId: HELP,
    utility: 'power',
    district: '东城区',
    address: '北京市东城区东华门街道1号',
    type: 'emergency_repair',
    problem: 'power_outage',
    suggestedUnit: EAST,
    units: [EAST, WEST],
    existing: [],
    ...over,
  };
}

/** A fake desk BFF: the draft, the order made once, and the order as it moves. */
function fakeBff(initial: FromHelpDraft) {
  const posts: unknown[] = [];
  let order: StaffWorkOrder | null = initial.existing[0] ? staffOrder() : null;
  const reads = { order: 0 };
  request.mockImplementation((raw: Record<string, unknown>) => {
    const path = String(raw.url).replace(/^https?:\/\/[^/]+/, '');
    const ok = (data: unknown, statusCode = 200) => Promise.resolve({ statusCode, data });
    if (path === `/api/agent/workorders/from-help/${HELP}` && raw.method === 'GET') {
      return ok(order ? { ...initial, existing: [{ id: order.id, no: order.no, status: order.status }] } : initial);
    }
    if (path === `/api/agent/workorders/from-help/${HELP}` && raw.method === 'POST') {
      posts.push(raw.data);
      order ??= staffOrder();
      return ok(order, 201);
    }
    if (path === `/api/agent/workorders/${ORDER}` && order) {
      reads.order += 1;
      return ok(order);
    }
    return ok({ error: { code: 'NOT_FOUND', message: '没有找到。' } }, 404);
  });
  return {
    posts,
    reads,
    move(over: Partial<StaffWorkOrder>) {
      order = staffOrder({ ...order, ...over });
      return order as StaffWorkOrderItem;
    },
  };
}

describe('转工单 on a held help request', () => {
  beforeEach(() => signInStaff({ username: 'agent01', displayName: '王晓丽', role: 'agent' }));
  afterEach(() => {
    request.mockReset();
    agentSession.signOut();
  });

  it('opens a sheet filled from the request, makes the order on confirm with nothing re-entered, then follows it live', async () => {
    const bff = fakeBff(draft());
    const { rerender } = render(<HelpOrderCard helpId={HELP} canCreate orderEvent={null} />);
    fireEvent.click(await screen.findByRole('button', { name: '转工单' }));
    // type and unit come suggested: 急修 for 停电, the unit of the account's district
    expect(screen.getByRole('button', { name: '急修' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: '东城供电所（建议）' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('东城区 · 北京市东城区东华门街道1号')).toBeTruthy();
    // she may pick another type; the unit stays as suggested
    fireEvent.click(screen.getByRole('button', { name: '维修' }));
    fireEvent.click(screen.getByRole('button', { name: '确认转工单' }));
    await screen.findByText('已转工单');
    expect(bff.posts).toEqual([{ type: 'repair', unitId: EAST.id }]);
    expect(screen.getByText(/派给东城供电所/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '转工单' })).toBeNull();

    // the unit accepts: the card reads the order again when the stream says it moved
    const moved = bff.move({
      status: 'accepted',
      assignee: { id: 'f'.repeat(24), name: '张建国' },
      steps: [
        ...staffOrder().steps,
        {
          n: 2,
          at: AT,
          action: 'accepted',
          actor: { kind: 'field', id: null, name: '张建国' },
          from: 'dispatched',
          to: 'accepted',
          text: '张建国接单',
        },
      ],
    });
    rerender(<HelpOrderCard helpId={HELP} canCreate orderEvent={moved} />);
    await screen.findByText(/张建国接单/);
    expect(screen.getByText(/已接单 · 张建国/)).toBeTruthy();
  });

  it('shows the order already made instead of a second 转工单, for whoever opens the request', async () => {
    const bff = fakeBff(draft({ existing: [{ id: ORDER, no: 'GD26010512345678', status: 'dispatched' }] }));
    render(<HelpOrderCard helpId={HELP} canCreate orderEvent={null} />);
    await screen.findByText('已转工单');
    expect(screen.queryByRole('button', { name: '转工单' })).toBeNull();
    expect(bff.posts).toEqual([]);
  });

  it('says plainly when the request carries no account to place the order, and sends nothing', async () => {
    const bff = fakeBff(draft({ utility: null, district: null, address: null, suggestedUnit: null }));
    render(<HelpOrderCard helpId={HELP} canCreate orderEvent={null} />);
    fireEvent.click(await screen.findByRole('button', { name: '转工单' }));
    expect(screen.getByText(/这条求助没有带供电、供水或燃气的户号/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '确认转工单' })).toBeNull();
    expect(bff.posts).toEqual([]);
  });

  it('offers no 转工单 to someone who does not hold the request', async () => {
    fakeBff(draft());
    render(<HelpOrderCard helpId={HELP} canCreate={false} orderEvent={null} />);
    await waitFor(() => expect(request).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: '转工单' })).toBeNull();
  });

  it('speaks Chinese for every type and status of the order it shows (the number aside)', async () => {
    const found: string[] = [];
    for (const type of workOrderTypeValues) {
      for (const status of workOrderStatusValues) {
        fakeBff(draft({ existing: [{ id: ORDER, no: 'GD26010512345678', status }] })).move({ type, status });
        const { container, unmount } = render(<HelpOrderCard helpId={HELP} canCreate orderEvent={null} />);
        await screen.findByText('已转工单');
        const text = container.textContent.replaceAll(/GD\d+/g, '');
        found.push(...(text.match(/.{0,8}[A-Za-z].{0,8}/g) ?? []));
        unmount();
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });
});
