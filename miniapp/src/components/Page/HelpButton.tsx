import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { keyboardPressProps, roleProps } from '../../lib/a11y';

/** The help page's path; the later help feature replaces the page, not this button. */
export const HELP_PAGE = '/pages/help/index';

/** Props of {@link HelpButton}. */
export interface HelpButtonProps {
  /** True on the help page itself: announced as the current page, and a tap does nothing. */
  isCurrent?: boolean;
}

/**
 * 一键求助: fixed at the bottom right, above the tab bar, on every page. Its size comes from
 * the theme tokens (at least 60 × 60 dp in elder mode).
 */
export function HelpButton({ isCurrent = false }: HelpButtonProps) {
  const open = () => {
    if (isCurrent) return;
    void Taro.navigateTo({ url: HELP_PAGE });
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
      <Text className="bm-help__line">一键</Text>
      <Text className="bm-help__line">求助</Text>
    </View>
  );
}
