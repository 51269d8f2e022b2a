// What the tests of the pay pages that take money (确认缴费, 充值) share: a fake BFF answering the
// page's own paths on top of the session's, and rendering inside the session (the Taro double
// is pay-taro.ts).
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { HttpRequest, HttpResponse } from '../api/client';
import { SessionProvider } from '../store/SessionProvider';
import type { SessionStore } from '../store/session';
import { createFakeBff, createTestSession } from './fake-bff';

/**
 * A fake BFF (elder mode on) whose transport answers `answer(path, request)` where it answers,
 * the session's paths otherwise; `sent` keeps every request.
 */
export function fakePayBff(answer: (path: string, request: HttpRequest) => HttpResponse | undefined) {
  const fake = createFakeBff({ elderMode: true });
  const { api, session } = createTestSession(fake);
  const sent: HttpRequest[] = [];
  const base = fake.transport.getMockImplementation();
  fake.transport.mockImplementation((request: HttpRequest): Promise<HttpResponse> => {
    sent.push(request);
    const answered = answer(request.url.replace(/\?.*$/, ''), request);
    if (answered) return Promise.resolve(answered);
    if (!base) throw new Error('no fake');
    return base(request);
  });
  return { api, session, sent };
}

/** Renders a page inside the signed-in session. */
export const renderInSession = (session: SessionStore, page: ReactElement) =>
  render(<SessionProvider store={session}>{page}</SessionProvider>);
