import { View } from '@tarojs/components';
import type { CSSProperties, ReactNode } from 'react';
import type { HelpPageContext } from '@bianmin/shared';
import { useSession } from '../../store/SessionProvider';
import { OfflineBanner } from '../OfflineBanner';
import { HelpButton } from './HelpButton';
import './index.scss';

/** The custom property the text tokens of theme.scss are multiplied by. */
export function fontScaleStyle(scale: number): CSSProperties {
  return { '--bm-text-scale': String(scale) } as CSSProperties;
}

/** Props of {@link Page}. */
export interface PageProps {
  children?: ReactNode;
  /** Extra class on the page root, for a page's own layout. */
  className?: string;
  /**
   * Set on the help page itself: the help button stays in its place (the same place on every
   * page) but marks itself as the current page instead of opening it again.
   */
  isHelpPage?: boolean;
  /** What the page has in view (account, bill, payment, outlet), carried by the help button. */
  helpContext?: HelpPageContext;
  /**
   * The staff workbench: the resident's help button would make staff file help requests of
   * their own, so it is left out there, and only there.
   */
  staff?: boolean;
  /**
   * A bar of the page's own that stays at the bottom of the screen (a pay bar: the total and
   * 去缴费). It goes in the page's dock beside the help button, never over it or over the
   * content: the content scrolls above the dock and ends above it. When the bar and the button
   * do not fit side by side (a narrow phone, large text), the button moves above the bar.
   */
  bar?: ReactNode;
}

/**
 * The root of every page: applies the theme (elder mode swaps the token set under one class),
 * and renders the help button in the same place on every page: in the dock, a strip of its own
 * at the bottom of the screen (above the tab bar) that the content scrolls above, so the button
 * never lies over a button, a field or a line of text, at any scroll position.
 */
export function Page({ children, className, isHelpPage = false, helpContext, staff = false, bar }: PageProps) {
  const { elderMode, fontScale } = useSession();
  const classes = ['bm-theme', 'bm-page', elderMode ? 'theme-elder' : 'theme-normal', className]
    .filter(Boolean)
    .join(' ');
  return (
    // WeChat's font size setting scales the text tokens (theme.scss), never below their own sizes
    <View className={classes} style={fontScale === 1 ? undefined : fontScaleStyle(fontScale)}>
      <OfflineBanner />
      <View className="bm-page__body">{children}</View>
      {staff && !bar ? null : (
        <View className={['bm-dock', bar ? 'bm-dock--bar' : ''].filter(Boolean).join(' ')}>
          {bar ? <View className="bm-dock__bar">{bar}</View> : null}
          {staff ? null : <HelpButton isCurrent={isHelpPage} context={helpContext} />}
        </View>
      )}
    </View>
  );
}
