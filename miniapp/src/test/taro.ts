// Test double for @tarojs/taro: the APIs the app calls, as spies that tests import from here
// (the same module the alias serves). Storage is an in-memory map tests can fill.
import { useEffect } from 'react';
import { vi } from 'vitest';

export const memoryStorage = new Map<string, unknown>();

export const request = vi.fn((_options: Record<string, unknown>): Promise<unknown> =>
  Promise.reject(new Error('Taro.request is not stubbed in this test')),
);
export const login = vi.fn(() => Promise.resolve({ code: 'test-code', errMsg: 'login:ok' }));
export const getStorageSync = vi.fn((key: string) => (memoryStorage.has(key) ? memoryStorage.get(key) : ''));
export const setStorageSync = vi.fn((key: string, value: unknown) => {
  memoryStorage.set(key, value);
});
export const removeStorageSync = vi.fn((key: string) => {
  memoryStorage.delete(key);
});
export const showToast = vi.fn(() => Promise.resolve({ errMsg: 'showToast:ok' }));
export const navigateTo = vi.fn((_options: { url: string }) => Promise.resolve({ errMsg: 'navigateTo:ok' }));
export const switchTab = vi.fn((_options: { url: string }) => Promise.resolve({ errMsg: 'switchTab:ok' }));
export const makePhoneCall = vi.fn((_options: { phoneNumber: string }) =>
  Promise.resolve({ errMsg: 'makePhoneCall:ok' }),
);
export const getCurrentPages = vi.fn((): Array<{ route?: string }> => []);
export const redirectTo = vi.fn((_options: { url: string }) => Promise.resolve({ errMsg: 'redirectTo:ok' }));
export const navigateBack = vi.fn((_options?: { delta?: number }) => Promise.resolve({ errMsg: 'navigateBack:ok' }));
export const reLaunch = vi.fn((_options: { url: string }) => Promise.resolve({ errMsg: 'reLaunch:ok' }));
export const pageScrollTo = vi.fn((_options: { selector?: string; scrollTop?: number; duration?: number }) =>
  Promise.resolve({ errMsg: 'pageScrollTo:ok' }),
);
export const getNetworkType = vi.fn(() => Promise.resolve({ networkType: 'wifi', errMsg: 'getNetworkType:ok' }));
export const onNetworkStatusChange = vi.fn((_cb: (res: { isConnected: boolean }) => void) => undefined);
export const offNetworkStatusChange = vi.fn((_cb: (res: { isConnected: boolean }) => void) => undefined);
export const setNavigationBarTitle = vi.fn((_options: { title: string }) =>
  Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' }),
);

/** The query of the page under test, as `useRouter().params` answers it; tests fill it. */
export const routerParams: Record<string, string | undefined> = {};

/** The current page's route and query (tests set `routerParams`). */
export function useRouter(): { params: Record<string, string | undefined>; path: string } {
  return { params: routerParams, path: '' };
}

/** Runs after the first render, as a page being shown does. */
export function useDidShow(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- shown once in a test
  useEffect(callback, []);
}

/** Runs when the page goes away (on unmount in tests). */
export function useUnload(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on unmount
  useEffect(() => callback, []);
}

/** Runs once after the first render, as app launch does. */
export function useLaunch(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- launch happens once
  useEffect(callback, []);
}

const Taro = {
  request,
  login,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  showToast,
  navigateTo,
  switchTab,
  makePhoneCall,
  getCurrentPages,
  redirectTo,
  navigateBack,
  reLaunch,
  setNavigationBarTitle,
  pageScrollTo,
  getNetworkType,
  onNetworkStatusChange,
  offNetworkStatusChange,
};

export default Taro;
