import { Text, View } from '@tarojs/components';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { useSession } from '../../store/SessionProvider';
import './index.scss';

/** Props of {@link ElderSwitch}. */
export interface ElderSwitchProps {
  /** Extra class for the page's layout (margins). */
  className?: string;
}

/**
 * The 长辈模式 switch, the same on the home page and in settings: one tap anywhere on the row
 * turns it on or off at once; the session saves it and goes back if saving fails.
 */
export function ElderSwitch({ className }: ElderSwitchProps) {
  const { elderMode, setElderMode } = useSession();
  const toggle = () => {
    void setElderMode(!elderMode);
  };
  return (
    <View
      className={['bm-elder-switch', elderMode ? 'bm-elder-switch--on' : '', className].filter(Boolean).join(' ')}
      {...roleProps('switch')}
      aria-checked={elderMode}
      aria-label="长辈模式"
      onClick={toggle}
      {...keyboardPressProps(toggle)}
    >
      <View className="bm-elder-switch__text">
        <Text className="bm-elder-switch__label">长辈模式</Text>
        <Text className="bm-elder-switch__hint">
          {elderMode ? '已开启：字更大，按钮更大' : '开启后字更大，按钮更大'}
        </Text>
      </View>
      <View className="bm-elder-switch__track">
        <View className="bm-elder-switch__thumb" />
      </View>
    </View>
  );
}
