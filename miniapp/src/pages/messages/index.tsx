import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { notificationReasonLabels, type NotificationItem } from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { LoadState, type ListLoad } from '../../components/LoadState';
import { Page } from '../../components/Page';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { api } from '../../services';
import './index.scss';

type Load = ListLoad<{ items: NotificationItem[]; unread: number }>;

const TABS = new Set(['pages/index/index', 'pages/pay/index', 'pages/outlets/index', 'pages/me/index']);

/** Opens the page a message is about (a tab page by switching to it). */
function openPage(page: string) {
  const bare = page.split('?')[0] ?? page;
  if (TABS.has(bare)) void Taro.switchTab({ url: `/${bare}` });
  else void Taro.navigateTo({ url: `/${page}` });
}

/**
 * 消息: what the app had to tell her (bills due, outages in her district, an answer to her
 * help request, her 报修's steps), newest first; unread ones marked in words, not colour only.
 * A tap reads it and opens what it is about.
 */
export default function MessagesPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const fetchList = () => {
    api.call('listNotifications').then(
      ({ items, unread }) => setLoad({ status: 'done', items, unread }),
      (err: unknown) => setLoad({ status: 'error', message: err instanceof Error ? err.message : '没有取到。' }),
    );
  };
  useDidShow(fetchList);

  const markRead = (ids?: string[]) => {
    if (load.status !== 'done') return;
    const read = (n: NotificationItem) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n);
    const items = load.items.map(read);
    setLoad({ status: 'done', items, unread: Math.max(0, load.unread - (ids ?? load.items).length) });
    api.call('readNotifications', { body: ids ? { ids } : {} }).then(
      ({ unread }) => setLoad({ status: 'done', items, unread }),
      () => undefined, // the next visit reads the list again
    );
  };

  return (
    <Page>
      <Text className="bm-heading">消息</Text>
      <LoadState load={load} onRetry={fetchList} />
      {load.status === 'done' && load.items.length === 0 ? (
        <Text className="bm-text">还没有消息。账单快到期、停水停电、求助有回复时，会在这里告诉您。</Text>
      ) : null}
      {load.status === 'done' && load.unread > 0 ? (
        <View className="messages__top">
          <Text className="bm-text">{load.unread} 条未读</Text>
          <ActionButton onPress={() => markRead()}>全部标为已读</ActionButton>
        </View>
      ) : null}
      {load.status === 'done'
        ? load.items.map((item) => {
            const open = () => {
              if (!item.read) markRead([item.id]);
              if (item.page) openPage(item.page);
            };
            return (
              <View
                key={item.id}
                className={`messages__item${item.read ? '' : ' messages__item--unread'}`}
                {...roleProps(item.page ? 'link' : 'button')}
                onClick={open}
                {...keyboardPressProps(open)}
              >
                <View className="messages__line">
                  <Text className="messages__reason">{notificationReasonLabels[item.reason]}</Text>
                  {item.read ? null : <Text className="messages__unread">未读</Text>}
                </View>
                <Text className="messages__title">{item.title}</Text>
                <Text className="bm-text">{item.body}</Text>
                <Text className="bm-note">{item.whenText}</Text>
              </View>
            );
          })
        : null}
    </Page>
  );
}
