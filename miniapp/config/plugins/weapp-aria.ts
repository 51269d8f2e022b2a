import type { IPluginContext } from '@tarojs/service';

/**
 * WeChat reads `aria-role`, `aria-label`, `aria-checked`... on any component for its screen
 * reader, but Taro's weapp template only writes the attributes it knows, and it knows none of
 * these. This plugin adds them to the View and Text templates, so the accessibility props the
 * components set (src/lib/a11y.ts) reach WeChat as they reach the DOM in the H5 build.
 *
 * The runtime must know the same attributes (src/lib/weapp-aria.ts): both sides number the
 * template data (p0, p1...) from the attribute list. Taro loads this file on its own, without
 * the app's sources, so the list is written here again; src/lib/aria-attributes.test.ts checks
 * that the two agree.
 *
 * It hooks `onBuildInit`, which Taro's mini-program platform calls with itself (and so its
 * template) just before the build starts.
 */
export const ARIA_ATTRIBUTES = ['aria-role', 'aria-label', 'aria-checked', 'aria-hidden', 'aria-disabled'];

interface PlatformWithTemplate {
  template?: { mergeComponents?: (ctx: IPluginContext, patch: Record<string, Record<string, string>>) => void };
}

export default (ctx: IPluginContext): void => {
  ctx.registerMethod('onBuildInit', (platform: PlatformWithTemplate) => {
    // '' is Taro's "no default value"; H5 has no template, the DOM takes aria-* as they are
    const attributes = Object.fromEntries(ARIA_ATTRIBUTES.map((name) => [name, '']));
    platform.template?.mergeComponents?.(ctx, { View: { ...attributes }, Text: { ...attributes } });
  });
};
