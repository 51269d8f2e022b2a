import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { NoticeBrief } from '@bianmin/shared';
import { roleProps } from '../../lib/a11y';
import { api } from '../../services';
import { useSession } from '../../store/SessionProvider';
import './index.scss';

/**
 * The outage notices (停电/停水/停气) for the districts of the resident's bound accounts, as a
 * quiet card at the top of the home page: what, where, and when it is expected back. Nothing
 * when there is none; never a pop-up.
 */
export function NoticeBanner({ className }: { className?: string }) {
  const { user } = useSession();
  const [notices, setNotices] = useState<NoticeBrief[]>([]);
  useEffect(() => {
    if (!user) return;
    api.call('listNotices').then(
      (list) => setNotices(list.items),
      () => setNotices([]),
    );
  }, [user]);
  if (notices.length === 0) return null;
  return (
    <View
      className={['bm-notices', className].filter(Boolean).join(' ')}
      {...roleProps('region')}
      aria-label="停电停水通知"
    >
      {notices.slice(0, 2).map((n) => (
        <View key={n.id} className="bm-notice">
          <Text className="bm-notice__title">{n.title}</Text>
          <Text className="bm-notice__line">{n.whenText}</Text>
          {n.streets.length > 0 ? <Text className="bm-notice__line">范围：{n.streets.join('、')}</Text> : null}
        </View>
      ))}
    </View>
  );
}
