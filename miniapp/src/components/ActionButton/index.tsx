import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import './index.scss';

/** Props of {@link ActionButton}. */
export interface ActionButtonProps {
  children: ReactNode;
  onPress: () => void;
  /** `primary` is the one main action of a screen; everything else is `secondary`. */
  variant?: 'primary' | 'secondary';
  /** Accessible name when the visible text alone is not enough. */
  label?: string;
  className?: string;
}

/**
 * A full-width button sized by the theme tokens (taller and larger text in elder mode). A View
 * rather than Taro's Button, which carries the platform's own sizes and borders.
 */
export function ActionButton({ children, onPress, variant = 'secondary', label, className }: ActionButtonProps) {
  return (
    <View
      className={['bm-action', `bm-action--${variant}`, className].filter(Boolean).join(' ')}
      {...roleProps('button')}
      aria-label={label}
      onClick={onPress}
      {...keyboardPressProps(onPress)}
    >
      {children}
    </View>
  );
}
