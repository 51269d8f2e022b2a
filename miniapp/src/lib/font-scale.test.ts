import { describe, expect, it, vi } from 'vitest';
import { fontScaleFrom, platformFontScale } from './font-scale';

describe('fontScaleFrom', () => {
  it('is 1 at WeChat’s standard font size', () => {
    expect(fontScaleFrom({ fontSizeSetting: 17 })).toBe(1);
    expect(fontScaleFrom({ fontSizeScaleFactor: 1, fontSizeSetting: 17 })).toBe(1);
  });

  it('follows a larger WeChat font size', () => {
    expect(fontScaleFrom({ fontSizeSetting: 20 })).toBe(1.18);
    expect(fontScaleFrom({ fontSizeSetting: 25.5 })).toBe(1.5);
  });

  it('prefers WeChat’s own scale factor when it gives one', () => {
    expect(fontScaleFrom({ fontSizeScaleFactor: 1.4, fontSizeSetting: 20 })).toBe(1.4);
  });

  it('never shrinks text under the theme’s sizes, so the elder floors hold', () => {
    expect(fontScaleFrom({ fontSizeSetting: 14 })).toBe(1);
    expect(fontScaleFrom({ fontSizeScaleFactor: 0.85 })).toBe(1);
  });

  it('stops at twice the size', () => {
    expect(fontScaleFrom({ fontSizeSetting: 60 })).toBe(2);
  });

  it('is 1 when the platform says nothing usable', () => {
    expect(fontScaleFrom(undefined)).toBe(1);
    expect(fontScaleFrom({})).toBe(1);
    expect(fontScaleFrom({ fontSizeSetting: Number.NaN })).toBe(1);
    expect(fontScaleFrom({ fontSizeScaleFactor: 0, fontSizeSetting: -3 })).toBe(1);
  });
});

describe('platformFontScale', () => {
  it('reads getAppBaseInfo on weapp', () => {
    const getAppBaseInfo = vi.fn(() => ({ fontSizeSetting: 22 }));
    expect(platformFontScale(true, { getAppBaseInfo })).toBe(1.29);
    expect(getAppBaseInfo).toHaveBeenCalledOnce();
  });

  it('falls back to getSystemInfoSync on older WeChat bases', () => {
    expect(platformFontScale(true, { getSystemInfoSync: () => ({ fontSizeSetting: 20 }) })).toBe(1.18);
  });

  it('is 1 when reading the setting fails', () => {
    const getAppBaseInfo = () => {
      throw new Error('getAppBaseInfo:fail');
    };
    expect(platformFontScale(true, { getAppBaseInfo })).toBe(1);
  });

  it('is 1 in the H5 build, where the browser’s zoom does this', () => {
    const getAppBaseInfo = vi.fn(() => ({ fontSizeSetting: 30 }));
    expect(platformFontScale(false, { getAppBaseInfo })).toBe(1);
    expect(getAppBaseInfo).not.toHaveBeenCalled();
  });
});
