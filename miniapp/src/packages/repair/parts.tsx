import { Text, View } from '@tarojs/components';
import { dayTimeText, type TimelineEntry } from '@bianmin/shared';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { PhotoStrip, storedPhotos } from '../../components/PhotoStrip';
import './repair.scss';

/** A column of large choices, one per row (long labels, elder mode). */
export function OptionList<T extends string>(props: {
  label: string;
  options: ReadonlyArray<{ value: T; text: string; hint?: string }>;
  value: T | null;
  onChange: (value: T) => void;
}) {
  return (
    <View className="repair__options" {...roleProps('radiogroup')} aria-label={props.label}>
      {props.options.map((option) => {
        const on = option.value === props.value;
        const select = () => props.onChange(option.value);
        return (
          <View
            key={option.value}
            className={`repair__option${on ? ' repair__option--on' : ''}`}
            {...roleProps('radio')}
            aria-checked={on}
            aria-label={option.hint ? `${option.text}，${option.hint}` : option.text}
            onClick={select}
            {...keyboardPressProps(select)}
          >
            <Text className="repair__option-text">{option.text}</Text>
            {option.hint ? <Text className="repair__option-hint">{option.hint}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}

/** The order's steps in the resident's words, oldest first, the newest marked. */
export function Timeline({ entries, token }: { entries: readonly TimelineEntry[]; token: string | null }) {
  return (
    <View className="repair__timeline" {...roleProps('list')} aria-label="处理进度">
      {entries.map((entry, i) => (
        <View
          key={entry.n}
          className={`repair__step${i === entries.length - 1 ? ' repair__step--now' : ''}`}
          {...roleProps('listitem')}
        >
          <Text className="repair__step-text">{entry.text}</Text>
          <Text className="repair__step-time">{dayTimeText(entry.at)}</Text>
          {entry.photos.length > 0 ? <PhotoStrip photos={storedPhotos(entry.photos, token)} label="回单照片" /> : null}
        </View>
      ))}
    </View>
  );
}
