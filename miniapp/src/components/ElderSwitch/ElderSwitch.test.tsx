import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { createFakeBff, createTestSession, errorResponse } from '../../test/fake-bff';
import { Page } from '../Page';
import { ElderSwitch } from '.';

/** Lets the fake BFF's answer and the store's update run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function renderHome(bff = createFakeBff()) {
  const test = createTestSession(bff);
  await test.session.start();
  const view = render(
    <SessionProvider store={test.session}>
      <Page>
        <ElderSwitch />
      </Page>
    </SessionProvider>,
  );
  const pageRoot = view.container.firstElementChild;
  if (!pageRoot) throw new Error('no page root');
  return { ...test, bff, pageRoot };
}

describe('ElderSwitch', () => {
  it('is a switch named 长辈模式 that shows its state', async () => {
    await renderHome();
    const toggle = screen.getByRole('switch', { name: '长辈模式' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(toggle.textContent).toContain('长辈模式');
  });

  it('switches the page to the elder theme with one tap and saves it with PATCH /api/me', async () => {
    const { bff, pageRoot } = await renderHome();
    expect(pageRoot.classList.contains('theme-elder')).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: '长辈模式' }));
      await settle();
    });
    expect(screen.getByRole('switch', { name: '长辈模式' }).getAttribute('aria-checked')).toBe('true');
    expect(pageRoot.classList.contains('theme-elder')).toBe(true);
    expect(document.documentElement.classList.contains('theme-elder')).toBe(true);
    const patch = bff.transport.mock.calls.map(([request]) => request).find((request) => request.method === 'PATCH');
    expect(patch).toMatchObject({ url: '/api/me', data: { elderMode: true } });
    expect(bff.user.elderMode).toBe(true);
  });

  it('goes back to the normal theme and tells the user when saving fails', async () => {
    const bff = createFakeBff();
    bff.failPatch = errorResponse(500, 'INTERNAL', '系统出了点问题，请稍后再试。');
    const { pageRoot, toast } = await renderHome(bff);
    await act(async () => {
      fireEvent.click(screen.getByRole('switch', { name: '长辈模式' }));
      await settle();
    });
    expect(screen.getByRole('switch', { name: '长辈模式' }).getAttribute('aria-checked')).toBe('false');
    expect(pageRoot.classList.contains('theme-elder')).toBe(false);
    expect(toast).toHaveBeenCalledWith('长辈模式没有切换成功，请稍后再试。');
  });

  it('can be switched from the keyboard in H5', async () => {
    const { bff } = await renderHome();
    await act(async () => {
      fireEvent.keyDown(screen.getByRole('switch', { name: '长辈模式' }), { key: ' ' });
      await settle();
    });
    expect(screen.getByRole('switch', { name: '长辈模式' }).getAttribute('aria-checked')).toBe('true');
    expect(bff.transport.mock.calls.some(([request]) => request.method === 'PATCH')).toBe(true);
  });
});
