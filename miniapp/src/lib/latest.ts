import { useEffect, useRef } from 'react';

/**
 * Loads with `load` whenever `key` changes and hands the answer to `onData` (a failure to
 * `onError`), but only the answer for the key still chosen: a slow answer for a tab or period
 * the person has left is dropped, so it can never overwrite the newer one on screen.
 */
export function useLatestLoad<T>(
  load: (() => Promise<T>) | null,
  key: string,
  onData: (data: T) => void,
  onError: (err: unknown) => void,
): void {
  const latest = useRef({ load, onData, onError });
  const ready = load !== null;
  useEffect(() => {
    latest.current = { load, onData, onError };
  });
  useEffect(() => {
    const { load: run } = latest.current;
    if (!run) return;
    let chosen = true;
    run().then(
      (data) => {
        if (chosen) latest.current.onData(data);
      },
      (err: unknown) => {
        if (chosen) latest.current.onError(err);
      },
    );
    return () => {
      chosen = false;
    };
  }, [key, ready]);
}
