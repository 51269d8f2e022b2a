import Taro from '@tarojs/taro';
import { messageFor, type AuthResult } from '@bianmin/shared';
import { ApiError, type ApiClient } from '../api/client';
import { isWeapp } from '../lib/platform';
import { StorageKey, type KeyValueStorage } from './storage';

function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') {
    crypto.getRandomValues(values);
  } else {
    for (let i = 0; i < bytes; i++) values[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The H5 build's stand-in identity: made once per browser and kept, so the same person finds
 * their settings again. It only works where the BFF enables the development login.
 */
export function h5Openid(storage: KeyValueStorage): string {
  const stored = storage.get(StorageKey.h5Openid);
  if (typeof stored === 'string' && /^h5-[0-9a-f]{24}$/.test(stored)) return stored;
  const openid = `h5-${randomHex(12)}`;
  storage.set(StorageKey.h5Openid, openid);
  return openid;
}

/**
 * Logs in the platform's way: on weapp with the code from `Taro.login()` (the BFF exchanges it
 * with WeChat), in H5 with the development login.
 */
export function createPlatformLogin(storage: KeyValueStorage): (api: ApiClient) => Promise<AuthResult> {
  return async (api) => {
    if (isWeapp) {
      let code: string;
      try {
        ({ code } = await Taro.login());
      } catch {
        throw new ApiError('WX_LOGIN_FAILED', messageFor('WX_LOGIN_FAILED'), 0);
      }
      return api.call('wxLogin', { body: { code } });
    }
    return api.call('devLogin', { body: { openid: h5Openid(storage) } });
  };
}
