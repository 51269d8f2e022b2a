import { Text, View } from '@tarojs/components';
import { fullDayTimeText } from '@bianmin/shared';
import { Page } from '../../../components/Page';
import { PAY, periodText, Problem, usePageParams, useLoad } from '../../../billing';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';
import './index.scss';

/** One line of the receipt. */
function Line({ name, value }: { name: string; value: string }) {
  return (
    <View className="receipt__line">
      <Text className="receipt__name">{name}</Text>
      <Text className="receipt__value">{value}</Text>
    </View>
  );
}

/**
 * 缴费凭证: the receipt of a paid payment, the amount also in capital numerals; paid for someone
 * else, it says for whom (masked, as the lookup showed).
 */
export default function ReceiptPage() {
  const { id = '' } = usePageParams();
  const { data, error } = useLoad(() => api.call('getPayment', { params: { id } }), id);
  const receipt = data?.receipt;
  return (
    <Page helpContext={{ page: PAY.receipt, ...(id ? { paymentId: id } : {}) }}>
      <Problem text={error} />
      {data && !receipt ? <Text className="bm-text">这笔缴费还没有完成，完成后才有缴费的证明。</Text> : null}
      {receipt ? (
        <View className="bm-card">
          <Text className="bm-heading">{receipt.title}</Text>
          <Text className="bm-bill-amount bm-bill-amount--large">{receipt.amountText}</Text>
          <Text className="bm-bill-capital">{receipt.amountCapital}</Text>
          {receipt.onBehalf ? (
            <Text className="bm-text bm-bill-notice">这是替别人缴费：户主 {receipt.holderName}。</Text>
          ) : null}
          <Line name={plain('户号')} value={receipt.accountNo} />
          <Line name="户主" value={receipt.holderName} />
          {receipt.periods.length > 0 ? <Line name="账期" value={receipt.periods.map(periodText).join('、')} /> : null}
          <Line name="缴费时间" value={fullDayTimeText(receipt.paidAt)} />
          <Line name="订单号" value={receipt.outTradeNo} />
          {receipt.transactionId ? <Line name="交易单号" value={receipt.transactionId} /> : null}
        </View>
      ) : null}
    </Page>
  );
}
