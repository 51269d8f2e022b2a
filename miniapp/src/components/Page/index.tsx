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
}

/**
 * The root of every page: applies the theme (elder mode swaps the token set under one class),
 * keeps the content clear of the floating help button, and renders that button in the same
 * place on every page.
 */
export function Page({ children, className, isHelpPage = false, helpContext, staff = false }: PageProps) {
  const { elderMode, fontScale } = useSession();
  const classes = ['bm-theme', 'bm-page', elderMode ? 'theme-elder' : 'theme-normal', className]
    .filter(Boolean)
    .join(' ');
  return (
    // WeChat's font size setting scales the text tokens (theme.scss), never below their own sizes
    <View className={classes} style={fontScale === 1 ? undefined : fontScaleStyle(fontScale)}>
      <OfflineBanner />
      <View className="bm-page__body">{children}</View>
      {staff ? null : <HelpButton isCurrent={isHelpPage} context={helpContext} />}
    </View>
  );
}
