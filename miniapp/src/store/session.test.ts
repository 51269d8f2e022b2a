import { describe, expect, it } from 'vitest';
import {
  createFakeBff,
  createTestSession,
  errorResponse,
  holdNextAnswer,
  memoryKeyValueStorage,
  requestLines,
} from '../test/fake-bff';
import { StorageKey } from './storage';

describe('session', () => {
  it('logs in at start when it has no token and keeps the token', async () => {
    const bff = createFakeBff();
    const { session, storage } = createTestSession(bff);
    await session.start();
    expect(session.getState()).toMatchObject({ status: 'ready', user: { nickname: '王阿姨' } });
    expect(storage.data.get(StorageKey.token)).toBe('token-1');
    expect(requestLines(bff)).toEqual(['POST /api/auth/dev-login']);
  });

  it('renders with the remembered elder mode before the server answers, then takes the server’s', async () => {
    const bff = createFakeBff({ elderMode: false });
    const storage = memoryKeyValueStorage({ [StorageKey.elderMode]: true, [StorageKey.token]: 'stale' });
    const { session } = createTestSession(bff, storage);
    expect(session.getState().elderMode).toBe(true);
    await session.start();
    expect(session.getState().elderMode).toBe(false);
    expect(storage.data.get(StorageKey.elderMode)).toBe(false);
    // the stale token was refused once, then a fresh login answered
    expect(requestLines(bff)).toEqual(['GET /api/me', 'POST /api/auth/dev-login', 'GET /api/me']);
  });

  it('saves elder mode on the server and remembers it for the next start', async () => {
    const bff = createFakeBff();
    const { session, storage } = createTestSession(bff);
    await session.start();
    await session.setElderMode(true);
    expect(session.getState().elderMode).toBe(true);
    expect(bff.user.elderMode).toBe(true);
    expect(storage.data.get(StorageKey.elderMode)).toBe(true);
  });

  it('goes back and says so when the server refuses the change', async () => {
    const bff = createFakeBff();
    const { session, storage, toast } = createTestSession(bff);
    await session.start();
    bff.failPatch = errorResponse(503, 'DB_UNAVAILABLE', '系统正忙，请稍后再试。');
    const saving = session.setElderMode(true);
    expect(session.getState().elderMode).toBe(true); // at once, before the answer
    await saving;
    expect(session.getState().elderMode).toBe(false);
    expect(storage.data.get(StorageKey.elderMode)).toBe(false);
    expect(toast).toHaveBeenCalledWith('长辈模式没有切换成功，请稍后再试。');
  });

  it('says the network is down when the change cannot reach the server', async () => {
    const bff = createFakeBff();
    const { session, toast } = createTestSession(bff);
    await session.start();
    bff.failPatch = 'network';
    await session.setElderMode(true);
    expect(session.getState().elderMode).toBe(false);
    expect(toast).toHaveBeenCalledWith('网络连不上，请检查网络后再试。');
  });

  it('is offline with the reason when the first login cannot reach the server', async () => {
    const bff = createFakeBff();
    bff.transport.mockRejectedValueOnce(new Error('request:fail'));
    const { session } = createTestSession(bff);
    await session.start();
    expect(session.getState()).toMatchObject({ status: 'offline', error: { code: 'NETWORK_ERROR' } });
  });

  it('shows the resident signed out as soon as she taps, while the server still ends the session', async () => {
    const bff = createFakeBff();
    const { session } = createTestSession(bff);
    await session.start();
    const finish = holdNextAnswer(bff);
    const leaving = session.logout();
    expect(session.getState()).toMatchObject({ user: null, status: 'starting' });
    finish();
    await leaving;
    expect(session.getState().status).toBe('ready');
  });

  it('ends the session on logout and logs in afresh', async () => {
    const bff = createFakeBff();
    const { session, storage } = createTestSession(bff);
    await session.start();
    await session.logout();
    expect(requestLines(bff)).toEqual([
      'POST /api/auth/dev-login',
      'POST /api/auth/logout',
      'POST /api/auth/dev-login',
    ]);
    expect(storage.data.get(StorageKey.token)).toBe('token-2');
    expect(session.getState().status).toBe('ready');
  });
});
