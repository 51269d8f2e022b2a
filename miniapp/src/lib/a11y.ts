import type { KeyboardEvent } from 'react';
import { isH5 } from './platform';

/** Attributes that give an element an accessible role, a name and a state on both targets. */
export type A11yProps = Record<string, string | number | boolean | undefined>;

/**
 * The role of a View. The DOM (H5) reads `role`; WeChat reads `aria-role` (its template passes it
 * through thanks to config/plugins/weapp-aria.ts) and would ignore `role`, while browsers flag
 * `aria-role` as an invalid attribute. So each target gets only its own.
 */
export function roleProps(role: string): A11yProps {
  return isH5 ? { role } : { 'aria-role': role };
}

/**
 * Makes a View behave as a button for keyboard users in H5 (Tab to reach it, Enter or Space to
 * press it), since Taro's H5 View is a plain div. Touch and click go through `onClick` as usual.
 * On weapp there is no keyboard, so it adds nothing.
 */
export function keyboardPressProps(onPress: () => void): {
  tabIndex?: number;
  onKeyDown?: (event: KeyboardEvent) => void;
} {
  if (!isH5) return {};
  return {
    tabIndex: 0,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPress();
      }
    },
  };
}
