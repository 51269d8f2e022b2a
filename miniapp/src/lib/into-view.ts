import Taro from '@tarojs/taro';
import { useEffect } from 'react';

/**
 * Brings the element `#id` into view when `when` turns true: what a tap asks or answers (a
 * question to confirm, the survey on resolution) appears where the person looks, not under the
 * fold or behind the dock. The element needs `id={id}`.
 */
export function useIntoView(id: string, when: boolean): void {
  useEffect(() => {
    if (!when) return;
    Taro.pageScrollTo({ selector: `#${id}`, duration: 0 }).catch(() => undefined);
  }, [id, when]);
}
