import { Text, View } from '@tarojs/components';
import { ActionButton } from '../ActionButton';

/** Where a page's list stands while it loads. */
export type ListLoad<T> = { status: 'loading' } | { status: 'error'; message: string } | ({ status: 'done' } & T);

/** 正在打开… while a list loads, or why it did not with 再试一次; nothing once it is there. */
export function LoadState({ load, onRetry }: { load: ListLoad<object>; onRetry: () => void }) {
  if (load.status === 'loading') return <Text className="bm-text">正在打开…</Text>;
  if (load.status === 'error')
    return (
      <View className="bm-stack">
        <Text className="bm-text">{load.message}</Text>
        <ActionButton onPress={onRetry}>再试一次</ActionButton>
      </View>
    );
  return null;
}
