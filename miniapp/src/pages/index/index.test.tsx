import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../test/fake-bff';
import { navigateTo, request, switchTab } from '../../test/taro';

const AT = '2025-01-01T00:00:00.000Z';
import IndexPage from '.';

function renderHome() {
  const { session } = createTestSession(createFakeBff());
  render(
    <SessionProvider store={session}>
      <IndexPage />
    </SessionProvider>,
  );
}

describe('首页', () => {
  it('puts the 长辈模式 switch first, before the entries', () => {
    renderHome();
    const toggle = screen.getByRole('switch', { name: '长辈模式' });
    const firstEntry = screen.getByRole('link', { name: /^缴费/ });
    expect(toggle.compareDocumentPosition(firstEntry) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it.each([
    ['缴费', '/pages/pay/index'],
    ['附近网点', '/pages/outlets/index'],
  ])('opens the tab of %s', (name, url) => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name: new RegExp(`^${name}`) }));
    expect(switchTab).toHaveBeenCalledWith({ url });
  });

  it('names each entry by its visible words, title and hint', () => {
    renderHome();
    expect(screen.getByRole('link', { name: /^缴费\s*水电燃气，一处缴清$/ })).toBeTruthy();
  });

  it('shows the four things residents do most: pay, family bills, help, nearest outlet; 消息 and 报修 under them', () => {
    renderHome();
    const names = screen.getAllByRole('link').map((link) => link.textContent);
    expect(names.map((n) => n.slice(0, 4))).toEqual([
      '缴费水电',
      '亲情代缴',
      '一键求助',
      '附近网点',
      '消息账单',
      '报修停电',
    ]);
    expect(document.querySelectorAll('.home__entry')).toHaveLength(4);
  });

  it('opens the family accounts page from 亲情代缴', () => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name: /^亲情代缴/ }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/pay/family/index' });
  });

  it('says how many messages are not read yet, and opens the list', async () => {
    request.mockImplementation((raw: Record<string, unknown>) => {
      const path = String(raw.url).replace(/^https?:\/\/[^/]+/, '');
      if (path === '/api/notifications/unread') return Promise.resolve({ statusCode: 200, data: { unread: 3 } });
      const user = { id: 'u1', nickname: '王阿姨', phone: null, elderMode: false, birthYear: null, createdAt: AT };
      return Promise.resolve({
        statusCode: 200,
        data: { token: 'token-1', expiresAt: '2099-01-01T00:00:00.000Z', user },
      });
    });
    renderHome();
    const entry = await screen.findByRole('link', { name: /^消息\s*3\s*有 3 条没看$/ });
    fireEvent.click(entry);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/messages/index' });
  });

  it('opens the help page from its entry', () => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name: /^一键求助/ }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/help/index' });
  });
});
