import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { openStream, type StreamStatus } from '../../lib/stream';
import { AGENT_LOGIN, agentApi, agentSession } from './services';

/**
 * Follows the agents' event stream (`GET /api/agent/events`) while the page is open and calls
 * `onEvent` for each event; `onReconnect` refetches what a broken connection may have missed.
 * `path`: another staff stream (a coordinator's desk follows her unit's, `/api/field/events`).
 */
export function useAgentEvents(
  onEvent: (name: string, data: unknown) => void,
  onReconnect: () => Promise<unknown>,
  path = '/api/agent/events',
): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handlers = useRef({ onEvent, onReconnect });
  useEffect(() => {
    handlers.current = { onEvent, onReconnect };
  });
  const signedIn = useSyncExternalStore(agentSession.subscribe, () => agentSession.token() !== null);
  useEffect(() => {
    if (!signedIn) return;
    const stream = openStream({
      path,
      baseUrl: BIANMIN_API_BASE,
      token: () => agentSession.token(),
      onStatus: setStatus,
      onEvent: (name, data) => handlers.current.onEvent(name, data),
      beforeReconnect: () => handlers.current.onReconnect(),
    });
    return () => stream.close();
  }, [signedIn, path]);
  return status;
}

/**
 * The server's clock now (the phone's clock plus `offsetMs`, measured when the last answer with a
 * `serverTime` came), ticking each second: SLA countdowns follow the server, not the phone.
 */
export function useServerNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + offsetMs;
}

/** How far the server's clock is ahead of the phone's, from an answer's `serverTime`. */
export function offsetOf(serverTime: string): number {
  return Date.parse(serverTime) - Date.now();
}

/** The signed-in staff member; without one, goes to the workbench login. */
export function useAgent() {
  const state = useSyncExternalStore(agentSession.subscribe, agentSession.getState);
  useEffect(() => {
    if (!state.token) void Taro.redirectTo({ url: AGENT_LOGIN });
  }, [state.token]);
  return state.agent;
}

/** Calls `run` at most once per `ms`, the last call winning (a burst of events, one refetch). */
export function useDebounced(run: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  }, [ms]);
}

/** How long to wait before trying a heartbeat again after one failed (the network may be down). */
const HEARTBEAT_RETRY_MS = 10_000;

/**
 * Tells the BFF the workbench is open, as long as the page is (agents/presence.ts in the BFF):
 * one heartbeat now and then every `everyMs` the BFF asks for. With the live stream this is what
 * keeps her 在线 for assignment; a closed tab, a lost network or a sleeping phone stops both, and
 * she is 离开 within the BFF's window.
 */
export function useHeartbeat(): void {
  const signedIn = useSyncExternalStore(agentSession.subscribe, () => agentSession.token() !== null);
  useEffect(() => {
    if (!signedIn) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const beat = () => {
      agentApi.call('agentHeartbeat').then(
        ({ everyMs }) => {
          if (!stopped) timer = setTimeout(beat, everyMs);
        },
        () => {
          if (!stopped) timer = setTimeout(beat, HEARTBEAT_RETRY_MS);
        },
      );
    };
    beat();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [signedIn]);
}
