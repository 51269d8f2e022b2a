import { Text, View } from '@tarojs/components';
import type { EmergencyNumber } from '@bianmin/shared';
import { roleProps } from '../../lib/a11y';
import { dial } from '../../lib/phone';
import { ActionButton } from '../ActionButton';
import './index.scss';

/**
 * Danger first: the numbers to call, big, one tap each, the first one filled. `fire` (a gas
 * smell, sparking wires) says to leave first; otherwise the card offers the repair line. `note`
 * says what already happened to her request or 报修.
 */
export function EmergencyCall(props: { numbers: readonly EmergencyNumber[]; fire: boolean; note: string }) {
  return (
    <View className="bm-emergency" {...roleProps('alert')}>
      <Text className="bm-emergency__title">
        {props.fire ? '有危险请先离开现场，马上拨打：' : '着急的话，可以直接打抢修电话：'}
      </Text>
      <View className="bm-stack">
        {props.numbers.map((n, i) => (
          <ActionButton
            key={n.number}
            variant={i === 0 ? 'primary' : 'secondary'}
            className="bm-emergency__call"
            label={`拨打${n.name} ${n.number}`}
            onPress={() => dial(n.number)}
          >
            {n.name} {n.number}
          </ActionButton>
        ))}
      </View>
      <Text className="bm-note">{props.note}</Text>
    </View>
  );
}
