import { createContext, useContext, useLayoutEffect, useSyncExternalStore, type ReactNode } from 'react';
import { isH5 } from '../lib/platform';
import type { SessionState, SessionStore } from './session';

const SessionContext = createContext<SessionStore | null>(null);

/**
 * Mirrors elder mode as a class on <html> in H5, so parts Taro draws outside the pages (the tab
 * bar) take the elder tokens too. Called once before anything renders and again on each change.
 */
export function syncRootTheme(elderMode: boolean): void {
  if (!isH5) return;
  document.documentElement.classList.toggle('theme-elder', elderMode);
}

/** Props of {@link SessionProvider}. */
export interface SessionProviderProps {
  /** The store to expose; the app passes its one instance, tests pass their own. */
  store: SessionStore;
  children?: ReactNode;
}

/**
 * Makes the session available to every page, and keeps the <html> class of H5 in step with
 * elder mode before the browser paints (see {@link syncRootTheme}).
 */
export function SessionProvider({ store, children }: SessionProviderProps) {
  const elderMode = useSyncExternalStore(store.subscribe, () => store.getState().elderMode);
  useLayoutEffect(() => {
    syncRootTheme(elderMode);
  }, [elderMode]);
  return <SessionContext.Provider value={store}>{children}</SessionContext.Provider>;
}

/** The session store and its current state; re-renders when the state changes. */
export function useSession(): SessionState & Pick<SessionStore, 'setElderMode' | 'logout' | 'start'> {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSession needs a SessionProvider above it');
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { ...state, setElderMode: store.setElderMode, logout: store.logout, start: store.start };
}
