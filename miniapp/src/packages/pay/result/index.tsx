import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { paymentStatusLabels, type PaymentDetail } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { Amount, go, messageOf, PAY, Problem, TextLink, usePageParams, utilityLabels } from '../../../billing';
import { roleProps } from '../../../lib/a11y';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';

/** How often and how long the result page asks for the payment's result. */
const POLL_MS = 1500;
const POLL_TRIES = 40;

/** 缴费结果: asks for the payment until the provider's result has arrived, then says it plainly. */
export default function ResultPage() {
  const { id = '' } = usePageParams();
  const [payment, setPayment] = useState<PaymentDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    let stopped = false;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      tries += 1;
      try {
        const current = await api.call('getPayment', { params: { id } });
        if (stopped) return;
        setPayment(current);
        setProblem(null);
        if (current.status !== 'pending') return;
      } catch (err) {
        if (stopped) return;
        setProblem(messageOf(err));
      }
      if (tries >= POLL_TRIES) setGaveUp(true);
      else timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  const status = payment?.status ?? 'pending';
  return (
    <Page helpContext={{ page: PAY.result, ...(id ? { paymentId: id } : {}) }}>
      <Text className="bm-bill-status" {...roleProps('status')} aria-live="polite">
        {status === 'pending' && !gaveUp ? '正在确认付款结果…' : paymentStatusLabels[status]}
      </Text>
      <Problem text={problem} />
      {payment ? (
        <View className="bm-card">
          <Text className="bm-note">
            {utilityLabels[payment.utility]} · {plain('户号')} {payment.accountNo} · 户主 {payment.holderName}
          </Text>
          <Amount fen={payment.amountFen} large />
        </View>
      ) : null}
      {gaveUp && status === 'pending' ? (
        <Text className="bm-text">付款结果还没有传回来。钱如果已经扣了，账单稍后会显示已缴，不用再缴一次。</Text>
      ) : null}
      {status === 'paid' ? (
        <ActionButton variant="primary" onPress={() => go(PAY.receipt, { id })}>
          查看缴费证明
        </ActionButton>
      ) : null}
      <TextLink onPress={() => void Taro.switchTab({ url: '/pages/pay/index' })}>回到缴费首页</TextLink>
    </Page>
  );
}
