import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../test/fake-bff';
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
});
