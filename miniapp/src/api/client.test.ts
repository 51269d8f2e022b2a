import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, type HttpRequest, type HttpResponse } from './client';
import { errorResponse } from '../test/fake-bff';

const user = {
  id: 'u1',
  nickname: '王阿姨',
  phone: null,
  elderMode: false,
  birthYear: null,
  createdAt: '2025-01-01T00:00:00.000Z',
};

function setup(answers: (HttpResponse | Error)[], token: string | null = 'old-token') {
  const transport = vi.fn((_request: HttpRequest): Promise<HttpResponse> => {
    const next = answers.shift();
    if (!next) return Promise.reject(new Error('no more answers'));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  let current = token;
  const renew = vi.fn(() => {
    current = 'new-token';
    return Promise.resolve(current);
  });
  const api = createApiClient({ baseUrl: 'http://bff.test', transport, auth: { token: () => current, renew } });
  return { api, transport, renew };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('api client', () => {
  it('sends the token and answers the typed body', async () => {
    const { api, transport } = setup([{ statusCode: 200, data: user }]);
    await expect(api.call('getMe')).resolves.toEqual(user);
    expect(transport).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'http://bff.test/api/me',
        method: 'GET',
        header: expect.objectContaining({ Authorization: 'Bearer old-token' }) as unknown,
      }),
    );
  });

  it('maps an error envelope to an ApiError with the Chinese message for its code', async () => {
    const { api } = setup([errorResponse(404, 'NOT_FOUND', 'Not Found')]);
    const error = await failure(api.call('getMe'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: '没有找到相关内容。' });
  });

  it('keeps a more specific Chinese message the BFF wrote for a 4xx', async () => {
    const { api } = setup([errorResponse(404, 'NOT_FOUND', '没有这个接口。')]);
    expect((await failure(api.call('getMe'))).message).toBe('没有这个接口。');
  });

  it('never shows the text of a server failure', async () => {
    const { api } = setup([errorResponse(500, 'INTERNAL', 'TypeError: x is undefined')]);
    expect(await failure(api.call('getMe'))).toMatchObject({
      code: 'INTERNAL',
      message: '系统出了点问题，请稍后再试。',
    });
  });

  it('reads an answer that is not an envelope by its status', async () => {
    const { api } = setup([{ statusCode: 502, data: '<html>Bad Gateway</html>' }]);
    expect(await failure(api.call('getMe'))).toMatchObject({ code: 'INTERNAL', status: 502 });
  });

  it('reports NETWORK_ERROR when no answer comes', async () => {
    const { api } = setup([new Error('request:fail timeout')]);
    expect(await failure(api.call('getMe'))).toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      message: '网络连不上，请检查网络后再试。',
    });
  });

  it('logs in again once and retries once after a 401', async () => {
    const { api, transport, renew } = setup([
      errorResponse(401, 'SESSION_EXPIRED', '登录已过期，请重新登录。'),
      { statusCode: 200, data: user },
    ]);
    await expect(api.call('getMe')).resolves.toEqual(user);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(transport).toHaveBeenCalledTimes(2);
    expect(transport.mock.calls[1]?.[0].header.Authorization).toBe('Bearer new-token');
  });

  it('retries with a token another call got meanwhile instead of logging in again', async () => {
    let current = 'old-token';
    const answers: HttpResponse[] = [
      errorResponse(401, 'SESSION_EXPIRED', '登录已过期，请重新登录。'),
      { statusCode: 200, data: user },
    ];
    const transport = vi.fn((_request: HttpRequest) => {
      // while this call is on its way, another one logs in again
      current = 'renewed-elsewhere';
      const next = answers.shift();
      return next ? Promise.resolve(next) : Promise.reject(new Error('no more answers'));
    });
    const renew = vi.fn(() => Promise.resolve('should-not-be-used'));
    const api = createApiClient({ baseUrl: '', transport, auth: { token: () => current, renew } });
    await expect(api.call('getMe')).resolves.toEqual(user);
    expect(renew).not.toHaveBeenCalled();
    expect(transport.mock.calls[1]?.[0].header.Authorization).toBe('Bearer renewed-elsewhere');
  });

  it('gives up when the retry after a fresh login is refused too', async () => {
    const { api, transport, renew } = setup([
      errorResponse(401, 'UNAUTHENTICATED', '请先登录。'),
      errorResponse(401, 'UNAUTHENTICATED', '请先登录。'),
    ]);
    expect(await failure(api.call('getMe'))).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录。' });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(transport).toHaveBeenCalledTimes(2);
  });

  it('does not log in again when a login itself is refused', async () => {
    const { api, renew } = setup([errorResponse(401, 'WX_LOGIN_FAILED', 'code2Session failed')]);
    expect(await failure(api.call('wxLogin', { body: { code: 'abc' } }))).toMatchObject({
      code: 'WX_LOGIN_FAILED',
      message: '微信登录没有成功，请重新打开小程序。',
    });
    expect(renew).not.toHaveBeenCalled();
  });

  it('logs in first when there is no token yet', async () => {
    const { api, transport, renew } = setup([{ statusCode: 200, data: user }], null);
    await api.call('getMe');
    expect(renew).toHaveBeenCalledTimes(1);
    expect(transport.mock.calls[0]?.[0].header.Authorization).toBe('Bearer new-token');
  });

  it('refuses a body the shared schema refuses, before sending anything', async () => {
    const { api, transport } = setup([]);
    const error = await failure(api.call('patchMe', { body: { birthYear: 1800 } }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 0 });
    expect(error.details).toEqual([{ path: 'birthYear', message: '出生年份不对' }]);
    expect(transport).not.toHaveBeenCalled();
  });

  it('answers nothing for a 204', async () => {
    const { api } = setup([{ statusCode: 204, data: null }]);
    await expect(api.call('logout')).resolves.toBeUndefined();
  });

  it('sends PATCH as POST with an override header where the platform has no PATCH', async () => {
    const transport = vi.fn((_request: HttpRequest) => Promise.resolve({ statusCode: 200, data: user }));
    const api = createApiClient({
      baseUrl: '',
      transport,
      overridePatch: true,
      auth: { token: () => 't', renew: () => Promise.resolve('t') },
    });
    await api.call('patchMe', { body: { elderMode: true } });
    expect(transport.mock.calls[0]?.[0]).toMatchObject({
      url: '/api/me',
      method: 'POST',
      data: { elderMode: true },
      header: { 'X-HTTP-Method-Override': 'PATCH' },
    });
  });
});
