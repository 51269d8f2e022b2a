/**
 * The accessibility attributes WeChat reads on any component, which Taro's weapp template does
 * not pass by default. The build adds them to the View and Text templates
 * (config/plugins/weapp-aria.ts, which keeps its own copy of this list) and the runtime to its
 * attribute table (src/lib/weapp-aria.ts): both sides derive the short names of the template
 * data (p0, p1...) from that table, so they must list the same attributes.
 */
export const WEAPP_ARIA_ATTRIBUTES = [
  'aria-role',
  'aria-label',
  'aria-checked',
  'aria-hidden',
  'aria-disabled',
] as const;

/** The component patch both sides merge: '' is Taro's "no default value". */
export function weappAriaPatch(): Record<'View' | 'Text', Record<string, string>> {
  // a loop, not Object.fromEntries: older WeChat base libraries (iOS 12.1 and before) lack it
  const attributes: Record<string, string> = {};
  for (const name of WEAPP_ARIA_ATTRIBUTES) attributes[name] = '';
  return { View: { ...attributes }, Text: { ...attributes } };
}
