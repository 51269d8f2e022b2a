import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { dayTimeText, workOrderTypeLabels } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { useLoad } from '../../../billing';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import { api } from '../../../services';
import { openOrder, problemText, REPAIR } from '../repair';
import '../repair.scss';

/** 我的报修: newest first, each with where it stands in the resident's words. */
export default function RepairListPage() {
  const { data, error, loading, reload } = useLoad(() => api.call('listWorkOrders'), 'orders');
  useDidShow(reload);
  const items = data?.items ?? [];
  return (
    <Page className="repair" helpContext={{ page: REPAIR.list }}>
      <Text className="bm-heading">我的报修</Text>
      {error ? <Text className="bm-text">{error}</Text> : null}
      {!loading && !error && items.length === 0 ? <Text className="bm-text">还没有报修记录。</Text> : null}
      {items.map((o) => {
        const open = () => openOrder(o.id);
        return (
          <View
            key={o.id}
            className="repair__card repair__row"
            {...roleProps('link')}
            onClick={open}
            {...keyboardPressProps(open)}
          >
            <Text className="repair__card-title">{o.statusText}</Text>
            <Text className="bm-text">
              {workOrderTypeLabels[o.type]}：{problemText(o, '')}
            </Text>
            <Text className="bm-note">{dayTimeText(o.createdAt)}</Text>
          </View>
        );
      })}
      <ActionButton variant="primary" onPress={() => void Taro.navigateTo({ url: REPAIR.report })}>
        我要报修
      </ActionButton>
    </Page>
  );
}
