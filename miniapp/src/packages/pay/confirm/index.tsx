import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { toChineseCapital, type CreatePaymentResult } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { isH5 } from '../../../lib/platform';
import {
  Amount,
  messageOf,
  newIdempotencyKey,
  PAY,
  payUrl,
  periodText,
  Problem,
  TextLink,
  usePageParams,
  useLoad,
  utilityLabels,
} from '../../../billing';
import { api } from '../../../services';
import { roleProps } from '../../../lib/a11y';
import { plain } from '../../../lib/plain-words';

/**
 * 确认缴费: before anything is paid, the amount, the masked holder and the account are shown large,
 * and the amount read out in capital numerals (壹佰贰拾元伍角). One button confirms; going back is
 * always possible; nothing counts down. With the sandbox, the app's own payment sheet follows;
 * with WeChat Pay, WeChat's.
 */
export default function ConfirmPage() {
  const { accountId = '', billIds = '', onBehalf } = usePageParams();
  const ids = billIds.split(',').filter(Boolean);
  const { data, error } = useLoad(() => api.call('listBills', { query: { accountId } }), accountId);
  const key = useRef(newIdempotencyKey());
  const [created, setCreated] = useState<CreatePaymentResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const bills = (data?.bills ?? []).filter((b) => ids.includes(b.id));
  const total = bills.reduce((sum, b) => sum + b.amountFen, 0);
  const account = data?.account;
  const paymentId = created?.payment.id;

  const toResult = (id: string) => {
    void Taro.redirectTo({ url: payUrl(PAY.result, { id }) });
  };

  const giveUp = async (id: string) => {
    try {
      await api.call('cancelPayment', { params: { id } });
    } catch {
      // the server closes unpaid payments by itself after a while
    }
    setCreated(null);
    key.current = newIdempotencyKey();
  };

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.call('createPayment', {
        body: {
          billIds: ids,
          idempotencyKey: key.current,
          ...(onBehalf === '1' ? { onBehalf: { accountId } } : {}),
        },
      });
      const params = result.payParams;
      if (!params) {
        toResult(result.payment.id);
      } else if (params.kind === 'sandbox') {
        setCreated(result);
      } else {
        try {
          await Taro.requestPayment({
            timeStamp: params.timeStamp,
            nonceStr: params.nonceStr,
            package: params.package,
            signType: params.signType,
            paySign: params.paySign,
          });
          toResult(result.payment.id);
        } catch {
          await giveUp(result.payment.id);
          setProblem('没有付款，账单还没缴。可以再试一次。');
        }
      }
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const paySandbox = async () => {
    if (!paymentId || busy) return;
    setBusy(true);
    try {
      await api.call('confirmSandboxPayment', { params: { id: paymentId } });
      toResult(paymentId);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/pay/index' }));
  };

  return (
    <Page
      helpContext={{
        page: PAY.confirm,
        ...(accountId ? { accountId } : {}),
        ...(bills[0] ? { billId: bills[0].id } : {}),
        ...(paymentId ? { paymentId } : {}),
      }}
    >
      <Text className="bm-heading">请确认缴费</Text>
      <Problem text={error} />
      {account && bills.length > 0 ? (
        <View className="bm-card">
          <Text className="bm-note">
            {utilityLabels[account.utility]}
            {onBehalf === '1' ? '（替家人缴）' : ''}
          </Text>
          <Text className="bm-note">户主</Text>
          <Text className="bm-bill-holder" aria-label={`户主 ${account.holderName}`}>
            {account.holderName}
          </Text>
          <Text className="bm-note">
            {plain('户号')} {account.accountNo}
          </Text>
          <Text className="bm-note">{bills.map((b) => periodText(b.period)).join('、')}</Text>
          <Text className="bm-note">金额</Text>
          <Amount fen={total} large />
          <Text className="bm-bill-capital" aria-label={`大写 ${toChineseCapital(total)}`}>
            {toChineseCapital(total)}
          </Text>
        </View>
      ) : null}
      <Problem text={problem} />
      {created && paymentId ? (
        <View className="bm-bill-sheet" {...roleProps('dialog')} aria-label="模拟支付">
          <Text className="bm-section-title">模拟支付</Text>
          <Text className="bm-note">
            这是测试环境的模拟付款，不会真的扣钱。{isH5 ? '' : '正式上线后这里是微信支付。'}
          </Text>
          <Amount fen={created.payment.amountFen} large />
          <View className="bm-stack">
            <ActionButton variant="primary" onPress={() => void paySandbox()}>
              {busy ? '正在付款…' : '确认付款'}
            </ActionButton>
            <ActionButton onPress={() => void giveUp(paymentId)}>不付了</ActionButton>
          </View>
        </View>
      ) : account && bills.length > 0 ? (
        <ActionButton variant="primary" onPress={() => void confirm()}>
          {busy ? '请稍候…' : '确认缴费'}
        </ActionButton>
      ) : null}
      {!created ? <TextLink onPress={back}>返回修改</TextLink> : null}
    </Page>
  );
}
