import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { PAY, Problem, usePageParams, useLoad } from '../../../billing';
import { roleProps } from '../../../lib/a11y';
import { useIntoView } from '../../../lib/into-view';
import { isH5 } from '../../../lib/platform';
import { api } from '../../../services';
import { receiptWords } from './receipt-lines';
import { saveReceiptImage, type SavedReceipt } from './save-image';
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
 * else, it says for whom (masked, as the lookup showed). It can be saved as a picture (缴费证明)
 * with the same words, to show at a counter, print or send to family.
 */
export default function ReceiptPage() {
  const { id = '' } = usePageParams();
  const { data, error } = useLoad(() => api.call('getPayment', { params: { id } }), id);
  const [saved, setSaved] = useState<SavedReceipt | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const receipt = data?.receipt;
  // what the tap made shows where she looks, not under the fold
  useIntoView('receipt-saved', saved !== null);
  const words = receipt ? receiptWords(receipt) : null;
  const save = () => {
    if (!receipt || !words) return;
    setProblem(null);
    saveReceiptImage(words, receipt.outTradeNo).then(setSaved, () =>
      setProblem('图片没有做成，请再试一次。也可以截屏保存这一页。'),
    );
  };
  return (
    <Page helpContext={{ page: PAY.receipt, ...(id ? { paymentId: id } : {}) }}>
      <Problem text={error} />
      {data && !receipt ? <Text className="bm-text">这笔缴费还没有完成，完成后才有缴费的证明。</Text> : null}
      {words ? (
        <View className="bm-card">
          <Text className="bm-heading">{words.title}</Text>
          <Text className="bm-bill-amount bm-bill-amount--large">{words.amountText}</Text>
          <Text className="bm-bill-capital">{words.amountCapital}</Text>
          {words.notice ? <Text className="bm-text bm-bill-notice">{words.notice}</Text> : null}
          {words.lines.map((line) => (
            <Line key={line.name} name={line.name} value={line.value} />
          ))}
        </View>
      ) : null}
      {words ? (
        <View className="receipt__save">
          <ActionButton variant="primary" onPress={save}>
            存为图片
          </ActionButton>
          <Problem text={problem} />
          {saved ? (
            <View id="receipt-saved" className="receipt__saved" {...roleProps('status')}>
              <Text className="bm-text">
                {isH5
                  ? '缴费证明已存为图片。在微信里打开时，长按下面的图片，可以保存或发给家人。'
                  : '图片做好了，可以存到相册或发给家人。'}
              </Text>
              <Image className="receipt__picture" src={saved.src} mode="widthFix" aria-label="缴费证明图片" />
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
