import Taro from '@tarojs/taro';
import { isWeapp } from './platform';

/** What WeChat says about the user's font size (`getAppBaseInfo`, or `getSystemInfoSync` on older bases). */
export interface FontSizeInfo {
  /** WeChat's own scale for its font size setting (1 at the standard size). */
  fontSizeScaleFactor?: number;
  /** The font size set in WeChat (我 → 设置 → 通用 → 字体大小), in px; 17 at the standard size. */
  fontSizeSetting?: number;
}

/** WeChat's standard font size in px: a setting of 17 means "no change". */
export const WECHAT_STANDARD_FONT_PX = 17;
/** Never smaller than our own sizes (the elder floors hold), never so large that a line holds one word. */
export const FONT_SCALE_MIN = 1;
export const FONT_SCALE_MAX = 2;

/**
 * The factor the text tokens are multiplied by to follow WeChat's font size setting: WeChat's
 * own scale factor when it gives one, else the set size over the standard one, kept between
 * 1 and 2 and rounded to two decimals. Unknown or odd values mean 1.
 */
export function fontScaleFrom(info: FontSizeInfo | null | undefined): number {
  const factor = info?.fontSizeScaleFactor;
  const setting = info?.fontSizeSetting;
  let scale = 1;
  if (typeof factor === 'number' && Number.isFinite(factor) && factor > 0) scale = factor;
  else if (typeof setting === 'number' && Number.isFinite(setting) && setting > 0) {
    scale = setting / WECHAT_STANDARD_FONT_PX;
  }
  return Math.round(Math.min(FONT_SCALE_MAX, Math.max(FONT_SCALE_MIN, scale)) * 100) / 100;
}

/** The platform calls {@link platformFontScale} reads; tests pass their own. */
export interface FontSizeSource {
  getAppBaseInfo?: () => FontSizeInfo;
  getSystemInfoSync?: () => FontSizeInfo;
}

/**
 * WeChat's font size setting as a text scale, read once at start. Only the mini-program has the
 * setting: the H5 build leaves text size to the browser's own zoom and answers 1.
 */
export function platformFontScale(
  onWeapp: boolean = isWeapp,
  source: FontSizeSource = Taro as unknown as FontSizeSource,
): number {
  if (!onWeapp) return 1;
  try {
    const info = typeof source.getAppBaseInfo === 'function' ? source.getAppBaseInfo() : source.getSystemInfoSync?.();
    return fontScaleFrom(info);
  } catch {
    return 1;
  }
}
