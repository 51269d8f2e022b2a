import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { dayTimeText, helpCategoryLabels, helpStatusLabels, type HelpSummary } from '@bianmin/shared';
import { LoadState, type ListLoad } from '../../../components/LoadState';
import { Page } from '../../../components/Page';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import { api } from '../../../services';
import '../index.scss';

type Load = ListLoad<{ items: HelpSummary[] }>;

/** 我的求助: every request of the resident, newest first, with its status; a tap opens it. */
export default function HelpListPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const fetchList = () => {
    api.call('listHelp').then(
      ({ items }) => setLoad({ status: 'done', items }),
      (err: unknown) => setLoad({ status: 'error', message: err instanceof Error ? err.message : '没有取到。' }),
    );
  };
  // again each time the page shows: a request may have moved on meanwhile
  useDidShow(fetchList);

  return (
    <Page>
      <Text className="bm-heading">我的求助</Text>
      <LoadState load={load} onRetry={fetchList} />
      {load.status === 'done' && load.items.length === 0 ? (
        <Text className="bm-text">还没有求助过。遇到难处，点右下角的「一键求助」。</Text>
      ) : null}
      {load.status === 'done'
        ? load.items.map((item) => {
            const open = () => {
              void Taro.navigateTo({ url: `/pages/help/index?id=${item.id}` });
            };
            const title = item.category ? helpCategoryLabels[item.category] : '求助';
            return (
              <View
                key={item.id}
                className="help__list-item"
                {...roleProps('link')}
                onClick={open}
                {...keyboardPressProps(open)}
              >
                <Text className="help__list-status">{helpStatusLabels[item.status]}</Text>
                <Text className="bm-text">{title}</Text>
                {item.text ? <Text className="bm-note">{item.text}</Text> : null}
                <Text className="bm-note">{dayTimeText(item.createdAt)}</Text>
              </View>
            );
          })
        : null}
    </Page>
  );
}
