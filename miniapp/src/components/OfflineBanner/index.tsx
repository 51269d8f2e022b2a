import { Text, View } from '@tarojs/components';
import { useSyncExternalStore } from 'react';
import { roleProps } from '../../lib/a11y';
import { network } from '../../api/network';
import './index.scss';

/** Whether the phone has a network now (re-renders on every change). */
export function useOnline(): boolean {
  return useSyncExternalStore(network.subscribe, network.online);
}

/**
 * 「手机没有网络」: shown at the top of every page (components/Page) while the phone has no
 * network, so a resident knows why nothing loads, and that help and messages are kept and go out
 * by themselves once it is back (api/outbox.ts). Nothing at all while the network is there.
 */
export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <View className="bm-offline" {...roleProps('status')}>
      <Text className="bm-offline__title">手机没有网络</Text>
      <Text className="bm-offline__text">求助和消息会先记下，网络恢复后自动发出。</Text>
    </View>
  );
}
