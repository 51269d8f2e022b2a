import { Text } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { NotificationReason } from '@bianmin/shared';
import { askSubscribe, canAsk, prepareSubscribe } from '../../lib/subscribe';
import { ActionButton } from '../ActionButton';

export interface SubscribeAskProps {
  /** What she will be told of. */
  reasons: NotificationReason[];
  /** The button's words: `下期账单到期，微信提醒我`. */
  label: string;
}

/**
 * A button that asks WeChat to let the app remind her (its panel opens on her tap, never by
 * itself); after she accepts, a line says so. Nothing is shown where it cannot work (H5, or no
 * template configured for these reasons): the reminder then waits in the 消息 list.
 */
export function SubscribeAsk({ reasons, label }: SubscribeAskProps) {
  const [ready, setReady] = useState(() => canAsk(reasons));
  const [accepted, setAccepted] = useState(false);
  const key = reasons.join(',');
  useEffect(() => {
    let live = true;
    void prepareSubscribe().then(() => {
      if (live) setReady(canAsk(key.split(',') as NotificationReason[]));
    });
    return () => {
      live = false;
    };
  }, [key]);
  if (accepted) return <Text className="bm-note">好的，到时会在微信里提醒您。</Text>;
  if (!ready) return null;
  return (
    <ActionButton
      onPress={() => {
        void askSubscribe(reasons).then(setAccepted);
      }}
    >
      {label}
    </ActionButton>
  );
}
