import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { dayTimeText, type EmergencyNumber, type TimelineEntry } from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { PhotoStrip, storedPhotos } from '../../components/PhotoStrip';
import './repair.scss';

/** Opens the phone's dialer; cancelling the system dialog is fine. */
export function dial(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

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

/** Danger first: the emergency numbers, big, one tap to call. */
export function EmergencyBox({ numbers }: { numbers: readonly EmergencyNumber[] }) {
  return (
    <View className="repair__emergency" {...roleProps('alert')}>
      <Text className="repair__emergency-title">有危险请先离开现场，马上拨打：</Text>
      <View className="bm-stack">
        {numbers.map((n) => (
          <ActionButton
            key={n.number}
            variant="secondary"
            className="repair__emergency-call"
            label={`拨打${n.name} ${n.number}`}
            onPress={() => dial(n.number)}
          >
            {n.name} {n.number}
          </ActionButton>
        ))}
      </View>
      <Text className="bm-note">您的报修也已经发出，会最先安排。</Text>
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
