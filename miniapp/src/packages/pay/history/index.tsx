import { Text, View } from '@tarojs/components';
import { paymentStatusLabels } from '@bianmin/shared';
import { Page } from '../../../components/Page';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import { Amount, dayText, go, PAY, Problem, useLoad, utilityLabels } from '../../../billing';
import { api } from '../../../services';

/** 缴费记录: the resident's payments, newest first; a paid one opens its receipt. */
export default function HistoryPage() {
  const { data, error } = useLoad(() => api.call('listPayments'), '');
  const payments = data?.payments ?? [];
  return (
    <Page helpContext={{ page: PAY.history }}>
      <Text className="bm-heading">缴费记录</Text>
      <Problem text={error} />
      {data && payments.length === 0 ? <Text className="bm-text">还没有缴费记录。</Text> : null}
      {payments.map((p) => {
        const open = () => go(p.status === 'paid' ? PAY.receipt : PAY.result, { id: p.id });
        return (
          <View
            key={p.id}
            className="bm-bill-row bm-bill-row--selectable"
            {...roleProps('link')}
            onClick={open}
            {...keyboardPressProps(open)}
          >
            <View className="bm-bill-row__main">
              <Text className="bm-bill-row__title">
                {utilityLabels[p.utility]}
                {p.onBehalf ? '（替家人缴费）' : ''}
              </Text>
              <Text className="bm-bill-row__note">
                {dayText(p.paidAt ?? p.createdAt)} · {paymentStatusLabels[p.status]}
              </Text>
            </View>
            <Amount fen={p.amountFen} />
          </View>
        );
      })}
    </Page>
  );
}
