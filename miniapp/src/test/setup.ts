import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { memoryStorage, routerParams } from './taro';

// The build defines this constant; H5 calls the BFF at same-origin paths.
(globalThis as { BIANMIN_API_BASE?: string }).BIANMIN_API_BASE = '';
(globalThis as { BIANMIN_HOTLINE?: string }).BIANMIN_HOTLINE = '12345';

afterEach(() => {
  cleanup();
  memoryStorage.clear();
  for (const key of Object.keys(routerParams)) routerParams[key] = undefined;
  document.documentElement.className = '';
});
