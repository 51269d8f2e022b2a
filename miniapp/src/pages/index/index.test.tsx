import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../test/fake-bff';
import { navigateTo, switchTab } from '../../test/taro';
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
    const firstEntry = screen.getByRole('link', { name: '缴费' });
    expect(toggle.compareDocumentPosition(firstEntry) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it.each([
    ['缴费', '/pages/pay/index'],
    ['亲情代缴', '/pages/pay/index'],
    ['附近网点', '/pages/outlets/index'],
  ])('opens the tab of %s', (name, url) => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name }));
    expect(switchTab).toHaveBeenCalledWith({ url });
  });

  it('opens the help page from its entry', () => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name: '一键求助' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/help/index' });
  });
});
