import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, HelpCases } from '@bianmin/shared';
import { request } from '../../test/taro';
import { CasesCard } from './Cases';
import { agentSession } from './services';
import { signInStaff } from '../../test/staff';

const HELP = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ORDER = 'eeeeeeeeeeeeeeeeeeeeeeee';

function aCase(over: Partial<Case> = {}): Case {
  return {
    id: 'c'.repeat(24),
    helpId: 'b'.repeat(24),
    orderId: null,
    orderNo: null,
    category: 'outage',
    utility: 'power',
    district: '东城区',
    problem: '整栋楼停电',
    cause: '施工挖断了电缆',
    fix: '抢修班换了一段电缆',
    lesson: '先查停电通知，再派急修',
    createdByName: '王晓丽',
    createdAt: '2026-11-30T02:00:00.000Z',
    ...over,
  };
}

/** A fake desk BFF: the cases beside the request, and the case made once. */
function fakeBff(initial: HelpCases) {
  const posts: unknown[] = [];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const path = String(raw.url).replace(/^https?:\/\/[^/]+/, '');
    const ok = (data: unknown, statusCode = 200) => Promise.resolve({ statusCode, data });
    if (path === `/api/agent/help/${HELP}/cases` || path === `/api/agent/workorders/${ORDER}/cases`) return ok(initial);
    if (path === '/api/agent/cases' && raw.method === 'POST') {
      posts.push(raw.data);
      return ok(aCase({ id: 'd'.repeat(24), helpId: HELP, ...(raw.data as object) }), 201);
    }
    return ok({ error: { code: 'NOT_FOUND', message: '没有找到。' } }, 404);
  });
  return { posts };
}

describe('相似案例 beside a request', () => {
  beforeEach(() => signInStaff({ username: 'agent01', displayName: '王晓丽', role: 'agent' }));
  afterEach(() => {
    request.mockReset();
    agentSession.signOut();
  });

  it('shows an open request the cases of its kind, its district’s first, in words', async () => {
    fakeBff({
      items: [
        { ...aCase(), sameDistrict: true },
        {
          ...aCase({ id: 'f'.repeat(24), district: '西城区', cause: '变压器坏了', lesson: '停电先看通知' }),
          sameDistrict: false,
        },
      ],
      total: 2,
      own: null,
    });
    render(<CasesCard source={{ helpId: HELP }} category="outage" resolved={false} />);
    await screen.findByText('同类案例（停水停电停气），共 2 个');
    expect(screen.getByText('原因：施工挖断了电缆')).toBeTruthy();
    expect(screen.getByText('经验：先查停电通知，再派急修')).toBeTruthy();
    expect(screen.getByText(/^同区 · 东城区 · /)).toBeTruthy();
    expect(screen.getByText(/^别的区 · 西城区 · /)).toBeTruthy();
    // an open request is not kept yet
    expect(screen.queryByRole('button', { name: '存为案例' })).toBeNull();
  });

  it('keeps a resolved request as a case, saying what is missing before it sends', async () => {
    const bff = fakeBff({ items: [], total: 0, own: null });
    render(<CasesCard source={{ helpId: HELP }} category="complaint" resolved />);
    fireEvent.click(await screen.findByRole('button', { name: '存为案例' }));
    fireEvent.click(screen.getByRole('button', { name: '保存案例' }));
    expect(await screen.findByText('请写原因')).toBeTruthy();
    expect(bff.posts).toEqual([]);

    const fill = (label: string, value: string) =>
      fireEvent.input(screen.getByLabelText(label), { target: { value }, detail: { value } });
    fill('原因（为什么会这样）', '抄表读数抄错');
    fill('怎么解决的', '重新抄表，退回多收的钱');
    fill('经验（以后遇到怎么做）', '读数翻倍先核对');
    fireEvent.click(screen.getByRole('button', { name: '保存案例' }));
    await screen.findByText('已存为案例');
    expect(bff.posts).toEqual([
      { helpId: HELP, cause: '抄表读数抄错', fix: '重新抄表，退回多收的钱', lesson: '读数翻倍先核对' },
    ]);
    await waitFor(() => expect(screen.queryByRole('button', { name: '存为案例' })).toBeNull());
  });

  it('keeps a checked complaint order as a case under the order', async () => {
    const bff = fakeBff({ items: [], total: 0, own: null });
    render(<CasesCard source={{ orderId: ORDER }} category="complaint" resolved />);
    fireEvent.click(await screen.findByRole('button', { name: '存为案例' }));
    const fill = (label: string, value: string) =>
      fireEvent.input(screen.getByLabelText(label), { target: { value }, detail: { value } });
    fill('原因（为什么会这样）', '抄表读数抄错');
    fill('怎么解决的', '重新抄表');
    fill('经验（以后遇到怎么做）', '先核对');
    fireEvent.click(screen.getByRole('button', { name: '保存案例' }));
    await screen.findByText('已存为案例');
    expect(bff.posts).toEqual([{ orderId: ORDER, cause: '抄表读数抄错', fix: '重新抄表', lesson: '先核对' }]);
  });

  it('shows nothing for a request with no category', () => {
    fakeBff({ items: [{ ...aCase(), sameDistrict: true }], total: 1, own: null });
    const { container } = render(<CasesCard source={{ helpId: HELP }} category={null} resolved />);
    expect(container.textContent).toBe('');
    expect(request).not.toHaveBeenCalled();
  });
});
