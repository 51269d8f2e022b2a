import { View } from '@tarojs/components';
import type { CSSProperties, ReactNode } from 'react';
import type { HelpPageContext } from '@bianmin/shared';
import { useSession } from '../../store/SessionProvider';
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
   * A bar kept in view at the bottom of the screen (the bills page's total and pay button), above
   * the tab bar and the safe area. The help button moves into it, right of the summary and above
   * the action, still in the bottom-right corner: nothing covers the bar, and the button covers
   * nothing.
   */
  dock?: PageDock;
}

/** What a page's bottom bar holds: a summary line (beside the help button) and a full-width action. */
export interface PageDock {
  summary: ReactNode;
  action?: ReactNode;
}

/**
 * The root of every page: applies the theme (elder mode swaps the token set under one class),
 * keeps the content clear of the floating help button, and renders that button in the same
 * place on every page.
 */
export function Page({ children, className, isHelpPage = false, helpContext, staff = false, dock }: PageProps) {
  const { elderMode, fontScale } = useSession();
  const classes = [
    'bm-theme',
    'bm-page',
    elderMode ? 'theme-elder' : 'theme-normal',
    dock ? 'bm-page--docked' : undefined,
    className,
  ]
    .filter(Boolean)
    .join(' ');
  const help = staff ? null : <HelpButton isCurrent={isHelpPage} context={helpContext} docked={Boolean(dock)} />;
  return (
    // WeChat's font size setting scales the text tokens (theme.scss), never below their own sizes
    <View className={classes} style={fontScale === 1 ? undefined : fontScaleStyle(fontScale)}>
      <View className="bm-page__body">{children}</View>
      {dock ? (
        <View className="bm-dock">
          <View className="bm-dock__row">
            <View className="bm-dock__summary">{dock.summary}</View>
            {help}
          </View>
          {dock.action}
        </View>
      ) : (
        help
      )}
    </View>
  );
}
