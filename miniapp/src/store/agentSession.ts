import { AgentAuthResult, type Agent } from '@bianmin/shared';
import { StorageKey, type KeyValueStorage } from './storage';

/** The signed-in staff member of the workbench, or nobody. */
export interface AgentSessionState {
  token: string | null;
  agent: Agent | null;
  expiresAt: string | null;
}

/** The workbench's own small session: a staff token, never mixed with the resident's. */
export interface AgentSessionStore {
  getState: () => AgentSessionState;
  subscribe: (listener: () => void) => () => void;
  /** The token while it is still valid, else null. */
  token: () => string | null;
  signIn: (result: AgentAuthResult) => void;
  signOut: () => void;
  /**
   * The token this device got at its last staff login: kept after signing out and sent with the
   * next login, so others' wrong passwords never hold this device up (BFF auth/staffLogin.ts).
   */
  deviceToken: () => string | undefined;
}

const EMPTY: AgentSessionState = { token: null, agent: null, expiresAt: null };

/**
 * Keeps the staff sign-in (`POST /api/agent/login`) in storage under its own key, so the same
 * phone or browser can hold a resident session and a staff one without either replacing the other.
 */
export function createAgentSession(storage: KeyValueStorage, now: () => number = Date.now): AgentSessionStore {
  const stored = AgentAuthResult.safeParse(storage.get(StorageKey.agentSession));
  let state: AgentSessionState = stored.success
    ? { token: stored.data.token, agent: stored.data.agent, expiresAt: stored.data.expiresAt }
    : EMPTY;
  const listeners = new Set<() => void>();
  const set = (next: AgentSessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const expired = () => state.expiresAt !== null && Date.parse(state.expiresAt) <= now();

  return {
    getState: () => (state.token && expired() ? EMPTY : state),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    token: () => (state.token && !expired() ? state.token : null),
    signIn(result) {
      storage.set(StorageKey.agentSession, result);
      storage.set(StorageKey.agentDevice, result.deviceToken);
      set({ token: result.token, agent: result.agent, expiresAt: result.expiresAt });
    },
    signOut() {
      storage.remove(StorageKey.agentSession);
      set(EMPTY);
    },
    deviceToken() {
      const kept = storage.get(StorageKey.agentDevice);
      return typeof kept === 'string' && /^[\w-]{20,64}$/.test(kept) ? kept : undefined;
    },
  };
}
