import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionProvider } from '../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../test/fake-bff';
import { makePhoneCall } from '../../test/taro';
import HelpPage from '.';

describe('一键求助 page', () => {
  it('says plainly that help with a person is coming and calls 12345 today', () => {
    const { session } = createTestSession(createFakeBff());
    render(
      <SessionProvider store={session}>
        <HelpPage />
      </SessionProvider>,
    );
    expect(screen.getByText(/正在开发/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '拨打 12345' }));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12345' });
  });
});
