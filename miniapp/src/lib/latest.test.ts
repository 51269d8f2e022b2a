import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useLatestLoad } from './latest';

/** A promise the test settles when it likes. */
function later<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (err: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useLatestLoad', () => {
  it('keeps the answer for the key chosen last, whatever order the answers come in', async () => {
    const answers = { '7': later<string>(), '365': later<string>() };
    const shown: string[] = [];
    const { rerender } = renderHook(
      ({ days }: { days: '7' | '365' }) =>
        useLatestLoad(
          () => answers[days].promise,
          days,
          (d) => shown.push(d),
          () => shown.push('error'),
        ),
      { initialProps: { days: '7' } },
    );
    rerender({ days: '365' });
    answers['365'].resolve('year');
    await answers['365'].promise;
    // the 7 days' answer comes last: dropped
    answers['7'].resolve('week');
    await answers['7'].promise;
    await Promise.resolve();
    expect(shown).toEqual(['year']);
  });

  it('drops a failure of a key left too, and waits while there is nothing to load', async () => {
    const first = later<string>();
    const shown: string[] = [];
    const { rerender } = renderHook(
      ({ load, key }: { load: (() => Promise<string>) | null; key: string }) =>
        useLatestLoad(
          load,
          key,
          (d) => shown.push(d),
          () => shown.push('error'),
        ),
      { initialProps: { load: null as (() => Promise<string>) | null, key: 'a' } },
    );
    expect(shown).toEqual([]);
    rerender({ load: () => first.promise, key: 'a' });
    rerender({ load: () => Promise.resolve('b'), key: 'b' });
    first.reject(new Error('gone'));
    await first.promise.catch(() => undefined);
    await Promise.resolve();
    expect(shown).toEqual(['b']);
  });
});
