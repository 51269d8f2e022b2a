/**
 * The build target. Taro replaces `process.env.TARO_ENV` with a literal at build time (the vitest
 * config sets it to 'h5'), so this is a compile-time constant, not configuration read at run time,
 * and branches on it are dropped from the other target's bundle. Read it here, nowhere else.
 */
// eslint-disable-next-line no-restricted-properties -- a build-time constant, see above
export const TARO_ENV = process.env.TARO_ENV;

/** The browser build (same-origin BFF, development login, keyboard and DOM roles). */
export const isH5 = TARO_ENV === 'h5';

/** The WeChat mini-program build. */
export const isWeapp = TARO_ENV === 'weapp';
