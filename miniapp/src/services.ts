import Taro from '@tarojs/taro';
import { createApiClient } from './api/client';
import { platformFontScale } from './lib/font-scale';
import { isH5 } from './lib/platform';
import { network } from './api/network';
import { createOutbox } from './api/outbox';
import { taroTransport } from './api/transport';
import { createPlatformLogin } from './store/login';
import { createSessionStore, type SessionStore } from './store/session';
import { syncRootTheme } from './store/SessionProvider';
import { taroStorage } from './store/storage';

/**
 * The app's single API client and session, wired together: the client asks the session for
 * tokens and for a fresh login after a 401; the session logs in through the client.
 */
export const api = createApiClient({
  baseUrl: BIANMIN_API_BASE,
  transport: taroTransport,
  // wx.request cannot send PATCH; the BFF maps POST + X-HTTP-Method-Override back to PATCH
  overridePatch: !isH5,
  auth: {
    token: () => session.token(),
    renew: () => session.renew(),
  },
});

export const session: SessionStore = createSessionStore({
  api,
  storage: taroStorage,
  login: createPlatformLogin(taroStorage),
  fontScale: platformFontScale(),
  toast: (title) => {
    void Taro.showToast({ title, icon: 'none', duration: 3000 });
  },
});

/** Requests kept while they cannot be sent, sent by themselves later (started at launch, app.tsx). */
export const outbox = createOutbox({ api, storage: taroStorage, network });
export { network };

// the remembered elder mode reaches the tab bar before Taro draws it, not one frame later
syncRootTheme(session.getState().elderMode);
