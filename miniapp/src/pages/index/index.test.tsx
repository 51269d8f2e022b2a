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

  it('shows the four things residents do most: pay, family bills, help, nearest outlet, and 报修 under them', () => {
    renderHome();
    const names = screen.getAllByRole('link').map((link) => link.textContent);
    expect(names.map((n) => n.slice(0, 4))).toEqual(['缴费水电', '亲情代缴', '一键求助', '附近网点', '报修停电']);
    expect(document.querySelectorAll('.home__entry')).toHaveLength(4);
  });

  it('opens the family accounts page from 亲情代缴', () => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name: /^亲情代缴/ }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/pay/family/index' });
  });

  it('opens the help page from its entry', () => {
    renderHome();
    fireEvent.click(screen.getByRole('link', { name: /^一键求助/ }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/help/index' });
  });
});
