import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Page } from '../../../components/Page';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import { Amount, dayText, go, PAY, Problem, useLoad } from '../../../billing';
import { Notice, paymentStatusText, paymentTitle, PendingPayments } from '../../../billing/paying';
import { api } from '../../../services';

/**
 * 缴费记录: the resident's payments, newest first. One not paid yet comes first, to continue or
 * give up; a paid one opens its receipt, any other its own page.
 */
export default function HistoryPage() {
  const { data, error, reload } = useLoad(() => api.call('listPayments'), '');
  const [notice, setNotice] = useState<string | null>(null);
  Taro.useDidShow(() => {
    reload();
  });
  const payments = data?.payments ?? [];
  return (
    <Page helpContext={{ page: PAY.history }}>
      <Text className="bm-heading">缴费记录</Text>
      <Problem text={error} />
      <Notice text={notice} />
      {data && payments.length === 0 ? <Text className="bm-text">还没有缴费记录。</Text> : null}
      <PendingPayments
        payments={payments}
        onChanged={(_after, text) => {
          setNotice(text);
          reload();
        }}
      />
      {payments
        .filter((p) => p.status !== 'pending')
        .map((p) => {
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
                <Text className="bm-bill-row__title">{paymentTitle(p)}</Text>
                <Text className="bm-bill-row__note">
                  {dayText(p.paidAt ?? p.createdAt)} · {paymentStatusText(p)}
                </Text>
              </View>
              <Amount fen={p.amountFen} />
            </View>
          );
        })}
    </Page>
  );
}
