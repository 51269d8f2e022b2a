import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { memoryStorage, routerParams } from './taro';

// findBy* and waitFor wait for a condition; their 1 s default would make a loaded machine fail
// a test that is right, so the bound is only there to end a test that hangs
configure({ asyncUtilTimeout: 15_000 });

// The build defines this constant; H5 calls the BFF at same-origin paths.
(globalThis as { BIANMIN_API_BASE?: string }).BIANMIN_API_BASE = '';
(globalThis as { BIANMIN_HOTLINE?: string }).BIANMIN_HOTLINE = '12345';

afterEach(() => {
  cleanup();
  memoryStorage.clear();
  for (const key of Object.keys(routerParams)) routerParams[key] = undefined;
  document.documentElement.className = '';
});
