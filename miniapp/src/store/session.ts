import type { AuthResult, User } from '@bianmin/shared';
import { ApiError, type ApiAuth, type ApiClient } from '../api/client';
import { StorageKey, type KeyValueStorage } from './storage';

/** `starting` until the first login or profile answer, `offline` when that failed. */
export type SessionStatus = 'starting' | 'ready' | 'offline';

export interface SessionState {
  status: SessionStatus;
  user: User | null;
  /** What the screens render with: the stored value at start, then the server's. */
  elderMode: boolean;
  /** Why the last start failed, for a retry hint. */
  error: ApiError | null;
  /** The text scale that follows WeChat's font size setting (1 in H5); see lib/font-scale.ts. */
  fontScale: number;
}

export interface SessionDeps {
  api: ApiClient;
  storage: KeyValueStorage;
  /** Logs in by the platform's way (WeChat code, or the H5 development login). */
  login: (api: ApiClient) => Promise<AuthResult>;
  /** Shows a short message the user caused (a failed switch); never used unprompted. */
  toast: (message: string) => void;
  /** WeChat's font size setting as a text scale, read once at start; 1 when absent. */
  fontScale?: number;
}

export interface SessionStore extends ApiAuth {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  /** Logs in, or checks the stored token by reading the profile. Call once at app launch. */
  start: () => Promise<void>;
  /**
   * Turns elder mode on or off at once, saves it on the server, and goes back with a toast if
   * the server refuses or cannot be reached.
   */
  setElderMode: (on: boolean) => Promise<void>;
  /** Ends the session on the server, forgets the token and logs in afresh. */
  logout: () => Promise<void>;
}

const ELDER_FAILED = '长辈模式没有切换成功，请稍后再试。';

function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('INTERNAL', '系统出了点问题，请稍后再试。', 0);
}

/**
 * The signed-in resident and their elder mode. A plain store (subscribe/getState) so it works
 * outside React too: the API client asks it for tokens, and React reads it through
 * SessionProvider.
 */
export function createSessionStore(deps: SessionDeps): SessionStore {
  const { api, storage, toast } = deps;
  const storedToken = storage.get(StorageKey.token);
  let token = typeof storedToken === 'string' && storedToken !== '' ? storedToken : null;
  let state: SessionState = {
    status: 'starting',
    user: null,
    elderMode: storage.get(StorageKey.elderMode) === true,
    error: null,
    fontScale: deps.fontScale ?? 1,
  };
  const listeners = new Set<() => void>();
  let loginInFlight: Promise<string> | null = null;
  // the number of the latest elder-mode change; older answers must not overwrite newer choices
  let elderChange = 0;
  let elderPending = false;

  function setState(patch: Partial<SessionState>) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  function setElder(on: boolean) {
    storage.set(StorageKey.elderMode, on);
    if (state.elderMode !== on) setState({ elderMode: on });
  }

  /** Takes the server's profile; its elder mode wins unless the user is changing it right now. */
  function applyUser(user: User) {
    setState({ user, status: 'ready', error: null });
    if (!elderPending) setElder(user.elderMode);
  }

  function renew(): Promise<string> {
    loginInFlight ??= deps
      .login(api)
      .then((result) => {
        token = result.token;
        storage.set(StorageKey.token, token);
        applyUser(result.user);
        return token;
      })
      .finally(() => {
        loginInFlight = null;
      });
    return loginInFlight;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    token: () => token,
    renew,

    async start() {
      if (state.status !== 'starting') setState({ status: 'starting', error: null });
      try {
        if (token) applyUser(await api.call('getMe'));
        else await renew();
      } catch (err) {
        setState({ status: 'offline', error: asApiError(err) });
      }
    },

    async setElderMode(on) {
      const change = ++elderChange;
      const before = state.elderMode;
      elderPending = true;
      setElder(on);
      try {
        const user = await api.call('patchMe', { body: { elderMode: on } });
        if (change !== elderChange) return;
        elderPending = false;
        applyUser(user);
      } catch (err) {
        if (change !== elderChange) return;
        elderPending = false;
        setElder(before);
        const error = asApiError(err);
        toast(error.code === 'NETWORK_ERROR' ? error.message : ELDER_FAILED);
      }
    },

    async logout() {
      // the page shows it at once: the server answers once no instance accepts the token (a second)
      setState({ user: null, status: 'starting', error: null });
      try {
        await api.call('logout');
      } catch {
        // the token is forgotten below either way; the server also expires it on its own
      }
      token = null;
      storage.remove(StorageKey.token);
      try {
        await renew();
      } catch (err) {
        setState({ status: 'offline', error: asApiError(err) });
      }
    },
  };
}
