// Test double for @tarojs/taro: the APIs the app calls, as spies that tests import from here
// (the same module the alias serves). Storage is an in-memory map tests can fill.
import { useEffect } from 'react';
import { vi } from 'vitest';

export const memoryStorage = new Map<string, unknown>();

export const request = vi.fn(() => Promise.reject(new Error('Taro.request is not stubbed in this test')));
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
};

export default Taro;
