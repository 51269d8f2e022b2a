import { Text, View } from '@tarojs/components';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import './index.scss';

/** One chip of a {@link ChipGroup}. */
export interface ChipOption {
  value: string;
  label: string;
}

/** Props of {@link ChipGroup}. */
export interface ChipGroupProps {
  /** The group's accessible name, e.g. 「业务」. Shown as a small label when `showLabel`. */
  label: string;
  options: readonly ChipOption[];
  /** Values currently on. */
  selected: readonly string[];
  /** Called with the tapped chip's value; the caller decides single or multiple choice. */
  onToggle: (value: string) => void;
  showLabel?: boolean;
  className?: string;
}

/**
 * A row of toggle chips for filters. Each chip is a button announcing whether it is on
 * (`aria-pressed`); sizes come from the theme tokens, so elder mode makes them larger.
 */
export function ChipGroup({ label, options, selected, onToggle, showLabel = false, className }: ChipGroupProps) {
  return (
    <View className={['bm-chips', className].filter(Boolean).join(' ')} {...roleProps('group')} aria-label={label}>
      {showLabel ? <Text className="bm-chips__label">{label}</Text> : null}
      {options.map((option) => {
        const on = selected.includes(option.value);
        const press = () => onToggle(option.value);
        return (
          <View
            key={option.value}
            className={['bm-chip', on ? 'bm-chip--on' : ''].filter(Boolean).join(' ')}
            {...roleProps('button')}
            aria-pressed={on}
            aria-label={option.label}
            onClick={press}
            {...keyboardPressProps(press)}
          >
            {option.label}
          </View>
        );
      })}
    </View>
  );
}
