import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import {
  Amount,
  AmountToConfirm,
  Choices,
  messageOf,
  newIdempotencyKey,
  PAY,
  PayeeLines,
  Problem,
  TextField,
  TextLink,
  usePageParams,
  useLoad,
} from '../../../billing';
import { Notice, PendingPaymentCard, SandboxSheet, toResult, usePay } from '../../../billing/paying';
import { api } from '../../../services';
import { OTHER_AMOUNT, topUpAmountOf, topUpOptions } from './amount';

/**
 * 充值: pays an amount into a prepaid account (her own, or a family account's on its holder's
 * behalf). Four large amounts or 其他金额, checked as the BFF checks them; the account, the masked
 * holder and the amount (also in capital numerals) are shown large before the one confirm button.
 * Then the same pay sheet as bills, and the payment's page. A top-up of this account left
 * unfinished is offered to continue or give up.
 */
export default function TopUpPage() {
  const { accountId = '' } = usePageParams();
  const { data, error, reload } = useLoad(() => api.call('listBills', { query: { accountId } }), accountId);
  const pending = useLoad(() => api.call('listPayments', { query: { status: 'pending', accountId } }), accountId);
  Taro.useDidShow(() => {
    reload();
    pending.reload();
  });
  const key = useRef(newIdempotencyKey());
  const [choice, setChoice] = useState(topUpOptions[1]?.value ?? OTHER_AMOUNT);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const flow = usePay((id, checking) => toResult(id, checking, true));

  const account = data?.account;
  const own = account?.relation === 'bound';
  const amount = topUpAmountOf(choice, typed);
  const sheetPayment = flow.sheet?.payment;
  const unfinished = (pending.data?.payments ?? []).filter((p) => p.kind === 'topUp');

  const confirm = async () => {
    if (creating || flow.busy) return;
    setNotice(null);
    if (!amount.ok) {
      setProblem(amount.problem);
      return;
    }
    setCreating(true);
    setProblem(null);
    try {
      const result = await api.call('createTopUp', {
        body: { accountId, amountFen: amount.fen, idempotencyKey: key.current },
      });
      await flow.start(result);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setCreating(false);
    }
  };

  const changed = (text: string) => {
    key.current = newIdempotencyKey();
    setNotice(text);
    pending.reload();
  };

  return (
    <Page
      helpContext={{
        page: PAY.topUp,
        ...(accountId ? { accountId } : {}),
        ...(sheetPayment ? { paymentId: sheetPayment.id } : {}),
      }}
    >
      <Text className="bm-heading">充值</Text>
      <Problem text={error ?? pending.error} />
      {account && !account.prepaid ? <Text className="bm-text">这一户不是预存的，不用充值。</Text> : null}
      {account?.prepaid ? (
        <View className="bm-card">
          <PayeeLines account={account} forWhom={own ? '' : '（替家人充值）'} />
          {own && account.balanceFen !== null ? (
            <Text className="bm-note">
              现在余额 <Amount fen={account.balanceFen} />
            </Text>
          ) : null}
        </View>
      ) : null}
      {unfinished.map((payment) => (
        <PendingPaymentCard
          key={payment.id}
          payment={payment}
          primary={false}
          title="有一笔充值还没付完"
          afterSheet={(id, checking) => toResult(id, checking, true)}
          onChanged={(_after, text) => changed(text)}
        />
      ))}
      {account?.prepaid && !sheetPayment ? (
        <View className="bm-card">
          <Text className="bm-bill-label">充多少钱</Text>
          <Choices
            label="充值金额"
            options={topUpOptions}
            value={choice}
            onChange={(value) => {
              setChoice(value);
              setProblem(null);
            }}
          />
          {choice === OTHER_AMOUNT ? (
            <>
              <Text className="bm-bill-label">其他金额（元）</Text>
              <TextField
                label="其他金额（元）"
                type="digit"
                value={typed}
                onChange={(value) => {
                  setTyped(value);
                  setProblem(null);
                }}
                placeholder="10 到 5000 元"
                maxlength={8}
              />
            </>
          ) : null}
          {amount.ok ? (
            <>
              <Text className="bm-note">充值金额</Text>
              <AmountToConfirm fen={amount.fen} />
            </>
          ) : null}
        </View>
      ) : null}
      <Problem text={problem ?? flow.problem} />
      <Notice text={notice} />
      {sheetPayment ? (
        <SandboxSheet flow={flow} onGaveUp={() => changed('已经不付了，没有扣款。可以重新充值。')} />
      ) : account?.prepaid ? (
        <ActionButton variant="primary" onPress={() => void confirm()}>
          {creating ? '请稍候…' : '确认充值'}
        </ActionButton>
      ) : null}
      {!sheetPayment ? (
        <TextLink onPress={() => void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/pay/index' }))}>
          返回
        </TextLink>
      ) : null}
    </Page>
  );
}
