import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { redirectTo, request } from '../../test/taro';
import { signInStaff } from '../../test/staff';
import { agentSession } from './services';
import { SignOutButton } from './SignOut';

describe('退出 in the staff bar', () => {
  afterEach(() => {
    request.mockReset();
    redirectTo.mockClear();
  });

  it('says it is leaving while the server ends the session, ends it once however often she taps, then goes to the login', async () => {
    signInStaff({ username: 'agent01', displayName: '王芳', role: 'agent' });
    let answer: (value: unknown) => void = () => undefined;
    const calls: string[] = [];
    request.mockImplementation((raw: Record<string, unknown>) => {
      calls.push(`${String(raw.method)} ${String(raw.url)}`);
      return new Promise((resolve) => {
        answer = resolve;
      });
    });
    render(<SignOutButton />);
    fireEvent.click(screen.getByRole('button', { name: '退出' }));
    expect(await screen.findByRole('button', { name: '正在退出…' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '正在退出…' }));
    answer({ statusCode: 204, data: '' });
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/agent/login/index' }));
    expect(calls.filter((c) => c.includes('/api/auth/logout'))).toHaveLength(1);
    expect(agentSession.token()).toBeNull();
  });
});
