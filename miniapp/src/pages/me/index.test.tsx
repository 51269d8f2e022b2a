import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { createFakeBff, createTestSession, holdNextAnswer } from '../../test/fake-bff';
import MePage from '.';

describe('我的', () => {
  it('has the 长辈模式 switch under 设置, and it switches with one tap', async () => {
    const bff = createFakeBff();
    const { session } = createTestSession(bff);
    await session.start();
    render(
      <SessionProvider store={session}>
        <MePage />
      </SessionProvider>,
    );
    const heading = screen.getByText('设置');
    const toggle = screen.getByRole('switch', { name: '长辈模式' });
    expect(heading.compareDocumentPosition(toggle) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await act(async () => {
      fireEvent.click(toggle);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(bff.user.elderMode).toBe(true);
    expect(screen.getByRole('switch', { name: '长辈模式' }).getAttribute('aria-checked')).toBe('true');
  });

  it('says 正在退出… from the tap until the server has ended the session, never 正在登录…', async () => {
    const bff = createFakeBff();
    const { session } = createTestSession(bff);
    await session.start();
    const finish = holdNextAnswer(bff);
    render(
      <SessionProvider store={session}>
        <MePage />
      </SessionProvider>,
    );
    act(() => {
      fireEvent.click(screen.getByText('退出登录'));
    });
    expect(screen.getByText('正在退出…')).toBeTruthy();
    expect(screen.queryByText('正在登录…')).toBeNull();
    expect(screen.queryByText('退出登录')).toBeNull();
    await act(async () => {
      finish();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.queryByText('正在退出…')).toBeNull();
  });
});
