import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { HelpPageContext } from '@bianmin/shared';
import { keyboardPressProps, roleProps } from '../../lib/a11y';

/** The help page's path. */
export const HELP_PAGE = '/pages/help/index';

/**
 * The help page's URL carrying what the current page knows (the page itself, the account, bill,
 * payment or outlet in view), so the request made there needs nothing typed.
 */
export function helpUrl(context: HelpPageContext = {}): string {
  const page = context.page ?? currentRoute();
  const entries = Object.entries({ ...context, page }).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  if (entries.length === 0) return HELP_PAGE;
  return `${HELP_PAGE}?${entries.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

function currentRoute(): string | undefined {
  try {
    const pages = Taro.getCurrentPages();
    const route = pages[pages.length - 1]?.route;
    return route ? `/${route.replace(/^\//, '')}` : undefined;
  } catch {
    return undefined;
  }
}

/** Props of {@link HelpButton}. */
export interface HelpButtonProps {
  /** True on the help page itself: announced as the current page, and a tap does nothing. */
  isCurrent?: boolean;
  /** What the page has in view; sent with the help request. */
  context?: HelpPageContext;
}

/**
 * 一键求助: at the bottom right of every page, in the page's dock (see Page), above the tab bar.
 * Its size comes from the theme tokens (at least 60 × 60 dp in elder mode).
 */
export function HelpButton({ isCurrent = false, context }: HelpButtonProps) {
  const open = () => {
    if (isCurrent) return;
    void Taro.navigateTo({ url: helpUrl(context) });
  };
  return (
    <View
      className="bm-help"
      {...roleProps('button')}
      aria-label="一键求助"
      aria-current={isCurrent ? 'page' : undefined}
      onClick={open}
      {...keyboardPressProps(open)}
    >
      <Text className="bm-help__label">一键求助</Text>
    </View>
  );
}
