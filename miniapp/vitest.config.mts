import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Unit tests of the mini-program, in jsdom. Taro's components and APIs need a Taro runtime, so
 * they are replaced by small stand-ins: `@tarojs/components` renders plain elements (View → div,
 * Text → span...), so testing-library finds them by role, and `@tarojs/taro` is a test double
 * whose functions tests can inspect. The code under test runs as in the H5 build.
 *
 * vitest ^4 and jsdom ^27: their next majors need Node >= 22.12, these machines run Node 20.
 */
export default defineConfig({
  root: here('.'),
  resolve: {
    alias: [
      { find: /^@tarojs\/components$/, replacement: here('./src/test/taro-components.tsx') },
      { find: /^@tarojs\/taro$/, replacement: here('./src/test/taro.ts') },
    ],
  },
  test: {
    name: 'miniapp',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    // a phone far from Beijing: every date on screen must still be Beijing time
    env: { TARO_ENV: 'h5', TZ: 'America/New_York' },
    clearMocks: true,
    restoreMocks: true,
  },
});
