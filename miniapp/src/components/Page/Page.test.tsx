import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { StorageKey } from '../../store/storage';
import { createFakeBff, createTestSession, memoryKeyValueStorage } from '../../test/fake-bff';
import { navigateTo } from '../../test/taro';
import { Page } from '.';

function renderPage(options: {
  elderMode: boolean;
  isHelpPage?: boolean;
  fontScale?: number;
  staff?: boolean;
  bar?: ReactNode;
}) {
  const storage = memoryKeyValueStorage({ [StorageKey.elderMode]: options.elderMode });
  const { session } = createTestSession(createFakeBff({ elderMode: options.elderMode }), storage, {
    fontScale: options.fontScale,
  });
  const view = render(
    <SessionProvider store={session}>
      <Page isHelpPage={options.isHelpPage} staff={options.staff} bar={options.bar}>
        <span>缴费</span>
      </Page>
    </SessionProvider>,
  );
  return view.container.firstElementChild;
}

describe('Page', () => {
  it.each([
    { mode: 'normal', elderMode: false, themeClass: 'theme-normal' },
    { mode: 'elder', elderMode: true, themeClass: 'theme-elder' },
  ])('renders the page with the help button in $mode mode', ({ elderMode, themeClass }) => {
    const root = renderPage({ elderMode });
    expect(root?.classList.contains(themeClass)).toBe(true);
    expect(screen.getByText('缴费')).toBeTruthy();
    const help = screen.getByRole('button', { name: '一键求助' });
    expect(help.className).toContain('bm-help');
    expect(help.textContent).toBe('一键求助');
  });

  it('renders in elder mode from the first paint when elder mode was remembered', () => {
    const root = renderPage({ elderMode: true });
    // no server answer yet: the remembered value alone decides the theme
    expect(root?.classList.contains('theme-elder')).toBe(true);
  });

  it('scales its text tokens by WeChat’s font size setting', () => {
    const root = renderPage({ elderMode: true, fontScale: 1.25 }) as HTMLElement | null;
    expect(root?.style.getPropertyValue('--bm-text-scale')).toBe('1.25');
  });

  it('leaves the text tokens alone at the standard font size', () => {
    const root = renderPage({ elderMode: false }) as HTMLElement | null;
    expect(root?.style.getPropertyValue('--bm-text-scale')).toBe('');
  });

  it('leaves the resident help button off the staff workbench, and only there', () => {
    renderPage({ elderMode: false, staff: true });
    expect(screen.queryByRole('button', { name: '一键求助' })).toBeNull();
  });

  it('opens the help page from the help button', () => {
    renderPage({ elderMode: false });
    fireEvent.click(screen.getByRole('button', { name: '一键求助' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/help/index' });
  });

  it('keeps the help button on the help page, marked as the current page', () => {
    renderPage({ elderMode: false, isHelpPage: true });
    const help = screen.getByRole('button', { name: '一键求助' });
    expect(help.getAttribute('aria-current')).toBe('page');
    fireEvent.click(help);
    expect(navigateTo).not.toHaveBeenCalled();
  });

  it('keeps the help button in the dock after the content, where the content cannot run under it', () => {
    const root = renderPage({ elderMode: true });
    const help = screen.getByRole('button', { name: '一键求助' });
    const dock = help.parentElement;
    expect(dock?.className).toContain('bm-dock');
    // the dock is the page's last part, after the body: a sibling of the content, not over it
    expect(root?.lastElementChild).toBe(dock);
    expect(root?.querySelector('.bm-page__body')?.contains(help)).toBe(false);
  });

  it('puts a page’s bottom bar in the dock before the help button', () => {
    renderPage({ elderMode: false, bar: <span>合计 ¥273.54</span> });
    const help = screen.getByRole('button', { name: '一键求助' });
    const bar = screen.getByText('合计 ¥273.54').closest('.bm-dock__bar');
    expect(bar?.parentElement).toBe(help.parentElement);
    expect(bar?.nextElementSibling).toBe(help);
  });

  it('keeps a staff page’s bottom bar in a dock of its own, without the help button', () => {
    renderPage({ elderMode: false, staff: true, bar: <span>办结</span> });
    expect(screen.getByText('办结').closest('.bm-dock')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '一键求助' })).toBeNull();
  });

  it.each([
    { mode: 'normal', elderMode: false, staff: false },
    { mode: 'elder', elderMode: true, staff: false },
    { mode: 'staff', elderMode: false, staff: true },
  ])('says 手机没有网络 at the top while the network is down, and nothing once it is back ($mode)', (options) => {
    let online = true;
    Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
    renderPage(options);
    expect(screen.queryByText('手机没有网络')).toBeNull();
    online = false;
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(screen.getByRole('status').textContent).toContain('手机没有网络');
    online = true;
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(screen.queryByText('手机没有网络')).toBeNull();
  });
});
