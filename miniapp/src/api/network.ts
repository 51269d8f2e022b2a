import Taro from '@tarojs/taro';
import { isH5 } from '../lib/platform';

/** Where the phone's own word on the network comes from: its state now, and its changes. */
export interface NetworkSource {
  /** True unless the platform says there is no network at all. */
  initial: () => boolean;
  /** Calls `onChange` on every change; answers a function that stops listening. */
  listen: (onChange: (online: boolean) => void) => () => void;
}

/**
 * Whether the phone has a network, as the platform says: the browser's `navigator.onLine` and
 * its online/offline events in H5, `wx.onNetworkStatusChange` in the weapp. It only tells "no
 * network at all" (the banner, the help page's words); a BFF that does not answer although the
 * network is there is the outbox's business (it retries with backoff).
 */
export function platformNetwork(): NetworkSource {
  if (isH5) {
    return {
      initial: () => typeof navigator === 'undefined' || navigator.onLine,
      listen(onChange) {
        if (typeof window === 'undefined') return () => undefined;
        const on = () => onChange(true);
        const off = () => onChange(false);
        window.addEventListener('online', on);
        window.addEventListener('offline', off);
        return () => {
          window.removeEventListener('online', on);
          window.removeEventListener('offline', off);
        };
      },
    };
  }
  return {
    // the weapp answers asynchronously; assume a network until it says otherwise
    initial: () => true,
    listen(onChange) {
      const handler = (res: { isConnected: boolean }) => onChange(res.isConnected);
      Taro.getNetworkType()
        .then((res) => onChange(res.networkType !== 'none'))
        .catch(() => undefined);
      Taro.onNetworkStatusChange(handler);
      return () => Taro.offNetworkStatusChange(handler);
    },
  };
}

/** The app's one view of the network: read `online()`, or subscribe to its changes. */
export interface Network {
  online: () => boolean;
  /** Calls `listener` with every change; answers a function that unsubscribes. */
  subscribe: (listener: (online: boolean) => void) => () => void;
}

/** Builds the network view over a source (the platform's, or a test's). */
export function createNetwork(source: NetworkSource): Network {
  let online = source.initial();
  const listeners = new Set<(online: boolean) => void>();
  let stop: (() => void) | null = null;
  const set = (next: boolean) => {
    if (next === online) return;
    online = next;
    for (const listener of [...listeners]) listener(next);
  };
  return {
    // nobody listening: ask the platform now rather than trust an old answer
    online: () => (stop ? online : source.initial()),
    subscribe(listener) {
      listeners.add(listener);
      // listen to the platform only while someone listens here
      if (!stop) {
        online = source.initial();
        stop = source.listen(set);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stop) {
          stop();
          stop = null;
        }
      };
    },
  };
}

/** The app's one network view (the offline banner, the outbox, the help page). */
export const network = createNetwork(platformNetwork());
