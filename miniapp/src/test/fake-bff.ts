// A fake BFF behind the client's transport: enough of /api/auth and /api/me to drive the session
// and the components, with switches to make it fail the way the real one can.
import type { AuthResult, ErrorBody, User } from '@bianmin/shared';
import { vi } from 'vitest';
import type { HttpRequest, HttpResponse } from '../api/client';
import { createApiClient } from '../api/client';
import { createSessionStore, type SessionStore } from '../store/session';
import type { KeyValueStorage } from '../store/storage';

export function errorResponse(statusCode: number, code: string, message: string): HttpResponse {
  const body: ErrorBody = { error: { code, message } };
  return { statusCode, data: body };
}

export interface FakeBff {
  transport: ReturnType<typeof vi.fn<(request: HttpRequest) => Promise<HttpResponse>>>;
  user: User;
  /** Answer PATCH /api/me with this instead of saving. */
  failPatch: HttpResponse | 'network' | null;
  /** Tokens the fake accepts; a login adds one. */
  validTokens: Set<string>;
}

/** A fake BFF whose resident starts with the given elder mode on the server. */
export function createFakeBff(options: { elderMode?: boolean } = {}): FakeBff {
  let logins = 0;
  const bff: FakeBff = {
    user: {
      id: 'u1',
      nickname: '王阿姨',
      phone: null,
      elderMode: options.elderMode ?? false,
      birthYear: null,
      createdAt: '2025-01-01T00:00:00.000Z',
    },
    failPatch: null,
    validTokens: new Set(),
    transport: vi.fn((request: HttpRequest): Promise<HttpResponse> => {
      const path = request.url.replace(/^https?:\/\/[^/]+/, '');
      const authorized = bff.validTokens.has((request.header.Authorization ?? '').replace(/^Bearer /, ''));
      if (path === '/api/auth/dev-login' || path === '/api/auth/wx-login') {
        const token = `token-${++logins}`;
        bff.validTokens.add(token);
        const result: AuthResult = { token, expiresAt: '2099-01-01T00:00:00.000Z', user: bff.user };
        return Promise.resolve({ statusCode: 200, data: result });
      }
      if (!authorized) return Promise.resolve(errorResponse(401, 'SESSION_EXPIRED', '登录已过期，请重新登录。'));
      if (path === '/api/auth/logout') {
        bff.validTokens.clear();
        return Promise.resolve({ statusCode: 204, data: null });
      }
      if (path === '/api/me' && request.method === 'GET') return Promise.resolve({ statusCode: 200, data: bff.user });
      if (path === '/api/me' && request.method === 'PATCH') {
        if (bff.failPatch === 'network') return Promise.reject(new Error('request:fail'));
        if (bff.failPatch) return Promise.resolve(bff.failPatch);
        bff.user = { ...bff.user, ...(request.data as Partial<User>) };
        return Promise.resolve({ statusCode: 200, data: bff.user });
      }
      return Promise.resolve(errorResponse(404, 'NOT_FOUND', '没有这个接口。'));
    }),
  };
  return bff;
}

export function memoryKeyValueStorage(
  initial: Record<string, unknown> = {},
): KeyValueStorage & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: (key) => data.get(key),
    set: (key, value) => {
      data.set(key, value);
    },
    remove: (key) => {
      data.delete(key);
    },
  };
}

/** A session store wired to a fake BFF, as src/services.ts wires the real one (H5 flavour). */
export function createTestSession(
  bff: FakeBff,
  storage = memoryKeyValueStorage(),
  options: { fontScale?: number } = {},
) {
  const toast = vi.fn<(message: string) => void>();
  const api = createApiClient({
    baseUrl: '',
    transport: bff.transport,
    auth: { token: () => session.token(), renew: () => session.renew() },
  });
  const session: SessionStore = createSessionStore({
    api,
    storage,
    toast,
    login: (client) => client.call('devLogin', { body: { openid: 'h5-test' } }),
    ...options,
  });
  return { api, session, storage, toast };
}

/** The requests the fake BFF received, as `METHOD path` lines. */
export function requestLines(bff: FakeBff): string[] {
  return bff.transport.mock.calls.map(([request]) => `${request.method} ${request.url}`);
}

/**
 * Holds the fake BFF's next answer until the returned function is called (a slow server: what
 * the page shows while it waits).
 */
export function holdNextAnswer(bff: FakeBff): () => void {
  const answered = bff.transport.getMockImplementation();
  let finish: () => void = () => undefined;
  bff.transport.mockImplementationOnce(
    (request) =>
      new Promise((resolve) => {
        finish = () => resolve(answered?.(request) ?? Promise.reject(new Error('no fake')));
      }),
  );
  return () => finish();
}
