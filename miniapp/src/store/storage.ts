import Taro from '@tarojs/taro';

/** The synchronous key-value storage the session keeps its few values in. */
export interface KeyValueStorage {
  get: (key: string) => unknown;
  set: (key: string, value: unknown) => void;
  remove: (key: string) => void;
}

/** Storage keys, in one place so nothing else invents its own. */
export const StorageKey = {
  token: 'bianmin.token',
  /** Last known elder mode: read synchronously at start so the first paint is already right. */
  elderMode: 'bianmin.elderMode',
  /** The H5 development identity, made once per browser. */
  h5Openid: 'bianmin.h5Openid',
  /** The answer to the first-launch elder-mode offer (components/ElderOffer): asked once. */
  elderOfferAnswered: 'bianmin.elderOfferAnswered',
  /** The agent workbench's staff sign-in, kept apart from the resident's session. */
  agentSession: 'bianmin.agentSession',
  /** The staff device token (auth/staffLogin.ts in the BFF): kept after signing out. */
  agentDevice: 'bianmin.agentDevice',
  /** Requests kept while they could not be sent (api/outbox.ts): a help tap, a message, a cancel. */
  outbox: 'bianmin.outbox',
} as const;

/**
 * Taro's synchronous storage. Failures (storage full, private mode) are swallowed: the app
 * then behaves as on a first start, which is safe.
 */
export const taroStorage: KeyValueStorage = {
  get(key) {
    try {
      const value: unknown = Taro.getStorageSync(key);
      // Taro answers '' for a missing key
      return value === '' ? undefined : value;
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    try {
      Taro.setStorageSync(key, value);
    } catch {
      // best effort: see above
    }
  },
  remove(key) {
    try {
      Taro.removeStorageSync(key);
    } catch {
      // best effort: see above
    }
  },
};
