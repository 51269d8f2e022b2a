/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.svg' {
  const src: string;
  export default src;
}
declare module '*.scss';

/** The BFF's origin for the weapp build (env `BIANMIN_API_BASE`); empty in H5, which calls same-origin paths. */
declare const BIANMIN_API_BASE: string;

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro at build time (and by the vitest config): the target being built. */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn' | undefined;
  }
}

/** The hotline offered when help cannot reach the BFF (env `BIANMIN_HOTLINE` at build time, else 12345). */
declare const BIANMIN_HOTLINE: string;
