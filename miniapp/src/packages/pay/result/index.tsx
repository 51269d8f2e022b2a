import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { SaveFamilyBody, type Payment, type PaymentDetail } from '@bianmin/shared';
import { ApiError } from '../../../api/client';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { SubscribeAsk } from '../../../components/SubscribeAsk';
import { askSubscribe } from '../../../lib/subscribe';
import {
  Amount,
  go,
  messageOf,
  PAY,
  Problem,
  TextField,
  TextLink,
  usePageParams,
  useLoad,
  utilityLabels,
} from '../../../billing';
import {
  closedText,
  Notice,
  paymentStatusText,
  paymentTitle,
  PendingPaymentCard,
  toResult,
} from '../../../billing/paying';
import { roleProps } from '../../../lib/a11y';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';

/** How often, and how many times, the page asks while the provider's answer may be on its way. */
const POLL_MS = 1500;
const CHECK_TRIES = 8;

/**
 * 存为亲情账户, after paying for someone: keeps the account (masked, as the lookup showed it) so
 * next time needs no lookup; says so when it is kept already.
 */
function SaveAsFamily({ payment }: { payment: Payment }) {
  const { data } = useLoad(() => api.call('listFamily'), payment.accountId);
  const [alias, setAlias] = useState(`${payment.holderName}家`);
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!data) return null;
  const kept = data.accounts.find((a) => a.id === payment.accountId);
  if (kept || saved) {
    return (
      <View className="bm-card">
        <Notice
          text={saved ?? `这户已经在您的亲情账户里了${kept?.alias ? `（${kept.alias}）` : ''}，下次可以直接替它缴费。`}
        />
        <TextLink onPress={() => go(PAY.family)}>去看亲情账户</TextLink>
      </View>
    );
  }
  const save = async () => {
    // adding a family account: the moment to ask for her bills' reminders (in the tap, before any wait)
    void askSubscribe(['familyDue', 'lowBalance']);
    const body = SaveFamilyBody.safeParse({ accountId: payment.accountId, alias });
    if (!body.success) {
      setProblem(body.error.issues[0]?.message ?? '请填写称呼');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.call('saveFamily', { body: body.data });
      setSaved(`已存为亲情账户「${body.data.alias}」。下次不用再查，就能替这户缴费。`);
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.status === 404 ? '这次查询已经过期了，请重新查一次这户再存。' : messageOf(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="bm-card">
      <Text className="bm-section-title">存为亲情账户</Text>
      <Text className="bm-text">存下来，下次不用再查，就能替户主 {payment.holderName} 缴费。</Text>
      <Text className="bm-bill-label">怎么称呼这户</Text>
      <TextField label="怎么称呼这户" value={alias} onChange={setAlias} placeholder="比如：妈妈家" maxlength={16} />
      <Problem text={problem} />
      <ActionButton onPress={() => void save()}>{busy ? '请稍候…' : '存为亲情账户'}</ActionButton>
    </View>
  );
}

/**
 * 缴费结果, the payment's own page: says plainly how it stands. Paid: the receipt (and, paid for
 * someone, 存为亲情账户). Not paid yet: 「继续付款」 and 「不付了」, never an endless wait; only
 * right after WeChat's sheet (`checking`) it asks a few times for the provider's answer first.
 * Closed: why, and that no money was taken.
 */
export default function ResultPage() {
  const { id = '', checking } = usePageParams();
  const [payment, setPayment] = useState<PaymentDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(checking === '1');
  const [asked, setAsked] = useState(checking === '1');
  const [attempt, setAttempt] = useState(0);
  Taro.useDidShow(() => {
    setAttempt((n) => n + 1);
  });

  useEffect(() => {
    let stopped = false;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      tries += 1;
      try {
        const current = await api.call('getPayment', { params: { id } });
        if (stopped) return;
        setPayment(current);
        setProblem(null);
        if (current.status !== 'pending') {
          setWaiting(false);
          return;
        }
      } catch (err) {
        if (stopped) return;
        setProblem(messageOf(err));
      }
      if (waiting && tries < CHECK_TRIES) timer = setTimeout(() => void load(), POLL_MS);
      else setWaiting(false);
    };
    void load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, attempt, waiting]);

  // a sheet opened from this page comes back here: ask again (and wait a little after WeChat's)
  const afterSheet = (paid: string, again: boolean) => {
    if (paid !== id) {
      toResult(paid, again);
      return;
    }
    setAsked(again);
    setWaiting(again);
    setAttempt((n) => n + 1);
  };

  const status = payment?.status;
  const topUp = payment?.kind === 'topUp';
  const heading =
    payment && status !== 'pending'
      ? paymentStatusText(payment)
      : waiting || !payment
        ? '正在确认付款结果…'
        : topUp
          ? '这笔充值还没付款'
          : '这笔缴费还没付款';
  return (
    <Page helpContext={{ page: PAY.result, ...(id ? { paymentId: id } : {}) }}>
      <Text className="bm-bill-status" {...roleProps('status')} aria-live="polite">
        {heading}
      </Text>
      <Problem text={problem} />
      <Notice text={notice} />
      {payment && status !== 'pending' ? (
        <View className="bm-card">
          <Text className="bm-note">
            {topUp ? paymentTitle(payment) : utilityLabels[payment.utility]}
            {payment.onBehalf && !topUp ? '（替别人缴费）' : ''} · {plain('户号')} {payment.accountNo} · 户主{' '}
            {payment.holderName}
          </Text>
          <Amount fen={payment.amountFen} large />
          {status === 'paid' && payment.balanceAfterFen !== null ? (
            <Text className="bm-text">
              充值后余额 <Amount fen={payment.balanceAfterFen} />
            </Text>
          ) : null}
          {status === 'closed' ? <Text className="bm-text">{closedText(payment)}</Text> : null}
        </View>
      ) : null}
      {payment && status === 'pending' && !waiting ? (
        <>
          {asked ? <Text className="bm-text">还没收到付款结果。如果您已经付了，不用再付，稍后会显示已缴。</Text> : null}
          <PendingPaymentCard
            payment={payment}
            title={topUp ? '这笔充值还没付完' : '这笔缴费还没付完'}
            afterSheet={afterSheet}
            onChanged={(_after, text) => {
              setNotice(text);
              setAttempt((n) => n + 1);
            }}
          />
        </>
      ) : null}
      {payment && status === 'paid' ? (
        <ActionButton variant="primary" onPress={() => go(PAY.receipt, { id })}>
          {topUp ? '查看充值证明' : '查看缴费证明'}
        </ActionButton>
      ) : null}
      {payment && status === 'paid' ? (
        topUp ? (
          <SubscribeAsk reasons={['lowBalance']} label="余额不多时，微信提醒我" />
        ) : (
          <SubscribeAsk
            reasons={payment.onBehalf ? ['familyDue'] : ['billDue', 'overdue']}
            label="下期账单到期，微信提醒我"
          />
        )
      ) : null}
      {payment && status === 'paid' && payment.onBehalf && !topUp ? <SaveAsFamily payment={payment} /> : null}
      {payment && status === 'closed' ? (
        <TextLink onPress={() => go(topUp ? PAY.topUp : PAY.bills, { accountId: payment.accountId })}>
          {topUp ? '重新充值' : '重新缴费'}
        </TextLink>
      ) : null}
      <TextLink onPress={() => void Taro.switchTab({ url: '/pages/pay/index' })}>回到缴费首页</TextLink>
    </Page>
  );
}
