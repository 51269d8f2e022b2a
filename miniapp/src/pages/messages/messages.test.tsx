import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { NotificationItem } from '@bianmin/shared';
import { SubscribeAsk } from '../../components/SubscribeAsk';
import { session } from '../../services';
import { SessionProvider } from '../../store/SessionProvider';
import { navigateTo, request, switchTab } from '../../test/taro';
import MessagesPage from '.';

const at = '2026-01-05T02:00:00.000Z';
const item = (over: Partial<NotificationItem>): NotificationItem => ({
  id: 'a'.repeat(24),
  reason: 'overdue',
  title: '电费已逾期',
  body: '电费户号 0001的电费 ¥120.50，已逾期 3 天。',
  page: 'packages/pay/bills/index?accountId=cccccccccccccccccccccccc',
  createdAt: at,
  whenText: '1月5日 10:00',
  read: false,
  ...over,
});

/** A fake BFF with two messages, one read; answers what was marked read. */
function fakeBff() {
  const reads: unknown[] = [];
  const items = [
    item({}),
    item({ id: 'b'.repeat(24), reason: 'outage', title: '东城区计划停水', page: 'pages/index/index', read: true }),
  ];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const path =
      String(raw.url)
        .replace(/^https?:\/\/[^/]+/, '')
        .split('?')[0] ?? '';
    const ok = (data: unknown) => Promise.resolve({ statusCode: 200, data });
    if (path === '/api/auth/dev-login')
      return ok({
        token: 'resident-token-1234567890',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { id: 'u1', nickname: '王阿姨', phone: null, elderMode: false, birthYear: null, createdAt: at },
      });
    if (path === '/api/notifications') return ok({ items, unread: 1 });
    if (path === '/api/notifications/read') {
      reads.push(raw.data);
      return ok({ unread: 0 });
    }
    if (path === '/api/notifications/templates') return ok({ templates: [{ reason: 'billDue', templateId: 'T1' }] });
    return Promise.resolve({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '没有这个接口。' } } });
  });
  return { reads };
}

const renderPage = () =>
  render(
    <SessionProvider store={session}>
      <MessagesPage />
    </SessionProvider>,
  );

describe('消息 page', () => {
  it('lists the messages, says in words which are unread, and reads one when opened', async () => {
    const { reads } = fakeBff();
    renderPage();
    const unread = await screen.findByRole('link', { name: /^账单已逾期\s*未读\s*电费已逾期/ });
    expect(screen.getByText('1 条未读')).toBeTruthy();
    expect(screen.getByRole('link', { name: /^停水停电\s*东城区计划停水/ }).textContent).not.toContain('未读');
    fireEvent.click(unread);
    expect(navigateTo).toHaveBeenCalledWith({
      url: '/packages/pay/bills/index?accountId=cccccccccccccccccccccccc',
    });
    await act(async () => {
      await Promise.resolve();
    });
    expect(reads).toEqual([{ ids: ['a'.repeat(24)] }]);
    expect(screen.queryByText('1 条未读')).toBeNull();
  });

  it('opens a tab page by switching to it, and marks everything read at once', async () => {
    const { reads } = fakeBff();
    renderPage();
    fireEvent.click(await screen.findByRole('link', { name: /^停水停电/ }));
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
    fireEvent.click(screen.getByRole('button', { name: '全部标为已读' }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(reads).toEqual([{}]);
  });

  it('offers no WeChat reminder button on H5, which has no subscription messages', async () => {
    fakeBff();
    render(<SubscribeAsk reasons={['billDue']} label="下期账单到期，微信提醒我" />);
    await act(async () => {
      await Promise.resolve();
    });
    expect(screen.queryByRole('button', { name: '下期账单到期，微信提醒我' })).toBeNull();
  });
});
