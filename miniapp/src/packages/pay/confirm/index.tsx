import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import {
  AmountToConfirm,
  messageOf,
  newIdempotencyKey,
  PAY,
  PayeeLines,
  periodsText,
  Problem,
  TextLink,
  usePageParams,
  useLoad,
} from '../../../billing';
import { Notice, PendingPaymentCard, SandboxSheet, toResult, usePay } from '../../../billing/paying';
import { api } from '../../../services';

/**
 * 确认缴费: before anything is paid, the amount, the masked holder and the account are shown large,
 * and the amount read out in capital numerals (壹佰贰拾元伍角). One button confirms; going back is
 * always possible; nothing counts down. With the sandbox, the app's own payment sheet follows;
 * with WeChat Pay, WeChat's. Come back to it with a payment of these bills left unfinished
 * (the sheet closed, the page reloaded), and that payment is offered to continue or give up.
 */
export default function ConfirmPage() {
  const { accountId = '', billIds = '', onBehalf } = usePageParams();
  const ids = billIds.split(',').filter(Boolean);
  const { data, error, reload } = useLoad(() => api.call('listBills', { query: { accountId } }), accountId);
  Taro.useDidShow(() => {
    reload();
  });
  const key = useRef(newIdempotencyKey());
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const flow = usePay((id, checking) => toResult(id, checking, true));

  const bills = (data?.bills ?? []).filter((b) => ids.includes(b.id));
  const total = bills.reduce((sum, b) => sum + b.amountFen + (b.lateFeeFen ?? 0), 0);
  const account = data?.account;
  const sheetPayment = flow.sheet?.payment;
  // her unfinished payment of these bills, when she comes back to this page
  const unfinished =
    !sheetPayment && data?.pendingPayment?.bills.some((b) => ids.includes(b.id)) ? data.pendingPayment : null;

  const confirm = async () => {
    if (creating || flow.busy) return;
    setCreating(true);
    setProblem(null);
    setNotice(null);
    try {
      const result = await api.call('createPayment', {
        body: {
          billIds: ids,
          idempotencyKey: key.current,
          ...(onBehalf === '1' ? { onBehalf: { accountId } } : {}),
        },
      });
      await flow.start(result);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setCreating(false);
    }
  };

  const gaveUp = () => {
    key.current = newIdempotencyKey();
    setNotice('已经不付了，没有扣款。可以重新确认缴费。');
    reload();
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
        ...(sheetPayment ? { paymentId: sheetPayment.id } : {}),
      }}
    >
      <Text className="bm-heading">请确认缴费</Text>
      <Problem text={error} />
      {account && bills.length > 0 ? (
        <View className="bm-card">
          <PayeeLines account={account} forWhom={onBehalf === '1' ? '（替家人缴）' : ''} />
          <Text className="bm-note">{periodsText(bills.map((b) => b.period))}</Text>
          <Text className="bm-note">金额{bills.some((b) => b.lateFeeFen) ? '（含晚交多收的钱）' : ''}</Text>
          <AmountToConfirm fen={total} />
        </View>
      ) : null}
      <Problem text={problem ?? flow.problem} />
      <Notice text={notice} />
      {sheetPayment ? (
        <SandboxSheet flow={flow} onGaveUp={gaveUp} />
      ) : unfinished ? (
        <PendingPaymentCard
          payment={unfinished}
          title="这些账单有一笔缴费还没付完"
          afterSheet={(id, checking) => toResult(id, checking, true)}
          onChanged={(_after, text) => {
            setNotice(text);
            reload();
          }}
        />
      ) : account && bills.some((b) => b.payable) ? (
        <ActionButton variant="primary" onPress={() => void confirm()}>
          {creating ? '请稍候…' : '确认缴费'}
        </ActionButton>
      ) : bills.length > 0 && bills.every((b) => b.status === 'paid') ? (
        <Text className="bm-text">这些账单已经缴过了，不用再缴。</Text>
      ) : null}
      {!sheetPayment ? <TextLink onPress={back}>返回修改</TextLink> : null}
    </Page>
  );
}
