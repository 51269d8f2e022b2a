import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ActionButton } from '../../components/ActionButton';

/** Props of {@link DetailPane}. */
export interface DetailPaneProps {
  /** A request is chosen: on a phone the pane shows a way back to the queue. */
  chosen: boolean;
  onBack: () => void;
  /** What the pane says while nothing is open. */
  emptyText: string;
  /** The opened request's detail, or null while none is loaded. */
  children: ReactNode;
}

/** The right-hand pane of the desk and the supervisor view: a way back, and the request or a hint. */
export function DetailPane({ chosen, onBack, emptyText, children }: DetailPaneProps) {
  return (
    <View className="agent-desk__detail">
      {chosen ? (
        <ActionButton className="agent-desk__back" onPress={onBack}>
          返回队列
        </ActionButton>
      ) : null}
      {children ?? <Text className="bm-note agent-desk__empty">{emptyText}</Text>}
    </View>
  );
}
