import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import {
  paymentCloseReasonLabels,
  paymentStatusLabels,
  timeText,
  type CreatePaymentResult,
  type Payment,
} from '@bianmin/shared';
import { ActionButton } from '../components/ActionButton';
import { roleProps } from '../lib/a11y';
import { isH5 } from '../lib/platform';
import { plain } from '../lib/plain-words';
import { api } from '../services';
import { Amount, messageOf, PAY, payUrl, periodsText, Problem, utilityLabels } from '.';

/**
 * Opens a payment's own page (缴费结果); `checking` while the provider's answer may still be on its
 * way. From the confirm page it takes that page's place, so going back does not offer to pay again.
 */
export function toResult(id: string, checking = false, replace = false): void {
  const url = payUrl(PAY.result, { id, checking: checking ? '1' : undefined });
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url }));
}

/** Where a payment's sheet leads once it is over: by default its page; the payment's page itself reloads. */
export type AfterSheet = (id: string, checking: boolean) => void;

/** What a closed payment says: why, and that no money was taken (or that it is owed back). */
export function closedText(payment: Pick<Payment, 'closeReason'>): string {
  return payment.closeReason ? paymentCloseReasonLabels[payment.closeReason] : '这笔已关闭，没有扣款。';
}

/**
 * Taking the money for a payment that has its pay parameters: the sandbox's own sheet (shown by
 * {@link SandboxSheet}), or WeChat's, after which the payment's page shows the result. Leaving
 * either sheet any way strands nothing: the payment stays pending until paid, given up or out of
 * time, and every pay page offers to continue it.
 */
export function usePay(after: AfterSheet = (id, checking) => toResult(id, checking)) {
  const [sheet, setSheet] = useState<CreatePaymentResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  /** Shows the sheet for a payment just made or continued. */
  async function start(result: CreatePaymentResult): Promise<void> {
    const params = result.payParams;
    setProblem(null);
    if (!params) {
      after(result.payment.id, false);
    } else if (params.kind === 'sandbox') {
      setSheet(result);
    } else {
      try {
        await Taro.requestPayment({
          timeStamp: params.timeStamp,
          nonceStr: params.nonceStr,
          package: params.package,
          signType: params.signType,
          paySign: params.paySign,
        });
        after(result.payment.id, true);
      } catch {
        // WeChat's sheet was closed without paying: the payment stays open to continue or give up
        after(result.payment.id, false);
      }
    }
  }

  /** Runs one action at a time; a failure is said in words and answers null. */
  async function once<T>(action: () => Promise<T>): Promise<T | null> {
    if (busy) return null;
    setBusy(true);
    setProblem(null);
    try {
      return await action();
    } catch (err) {
      setProblem(messageOf(err));
      return null;
    } finally {
      setBusy(false);
    }
  }

  /** The sandbox sheet's 确认付款. */
  async function confirmSandbox(): Promise<void> {
    const id = sheet?.payment.id;
    if (!id) return;
    await once(async () => {
      await api.call('confirmSandboxPayment', { params: { id } });
      setSheet(null);
      after(id, false);
    });
  }

  /** 不付了: closes the payment at once (at the provider too) and frees its bills. */
  const giveUp = (id: string): Promise<Payment | null> =>
    once(async () => {
      const closed = await api.call('cancelPayment', { params: { id } });
      setSheet(null);
      return closed;
    });

  /** 继续付款: the same order again; one paid or closed meanwhile answers so instead of a sheet. */
  const resume = (id: string): Promise<Payment | null> =>
    once(async () => {
      const result = await api.call('resumePayment', { params: { id } });
      if (result.payParams) await start(result);
      return result.payment;
    });

  return { sheet, busy, problem, start, confirmSandbox, giveUp, resume };
}

export type PayFlow = ReturnType<typeof usePay>;

/** The sandbox's pay sheet (the stand-in for WeChat's): the amount, 确认付款 and 不付了. */
export function SandboxSheet({ flow, onGaveUp }: { flow: PayFlow; onGaveUp: (after: Payment | null) => void }) {
  const payment = flow.sheet?.payment;
  if (!payment) return null;
  return (
    <View className="bm-bill-sheet" {...roleProps('dialog')} aria-label="模拟支付">
      <Text className="bm-section-title">模拟支付</Text>
      <Text className="bm-note">这是测试环境的模拟付款，不会真的扣钱。{isH5 ? '' : '正式上线后这里是微信支付。'}</Text>
      <Amount fen={payment.amountFen} large />
      <View className="bm-stack">
        <ActionButton variant="primary" onPress={() => void flow.confirmSandbox()}>
          {flow.busy ? '正在付款…' : '确认付款'}
        </ActionButton>
        <ActionButton onPress={() => void flow.giveUp(payment.id).then(onGaveUp)}>不付了</ActionButton>
      </View>
    </View>
  );
}

/** What a payment continued or given up turned out to be, in words, when no sheet follows. */
export function outcomeText(after: Payment): string {
  if (after.status === 'paid') return '这笔已经付过了，不用再付。';
  if (after.closeReason === 'cancelled') {
    return after.kind === 'topUp' ? '已经不付了，没有扣款，可以重新充值。' : '已经不付了，没有扣款，账单可以重新缴。';
  }
  return closedText(after);
}

/** How a payment stands, in words: 还没付款, 缴费成功 (充值成功 for a top-up), 已关闭. */
export function paymentStatusText(payment: Pick<Payment, 'kind' | 'status'>): string {
  return payment.kind === 'topUp' && payment.status === 'paid' ? '充值成功' : paymentStatusLabels[payment.status];
}

/** What a payment is for, in a few words: `电费`, `电费充值`, `燃气费（替 李*英 缴）`, `电费充值（替 张*明 充）`. */
export function paymentTitle(payment: Pick<Payment, 'kind' | 'utility' | 'onBehalf' | 'holderName'>): string {
  const topUp = payment.kind === 'topUp';
  const who = payment.onBehalf ? `（替 ${payment.holderName} ${topUp ? '充' : '缴'}）` : '';
  return `${utilityLabels[payment.utility]}${topUp ? '充值' : ''}${who}`;
}

/** A plain line saying what just happened (not an error). */
export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Text className="bm-text bm-bill-notice" {...roleProps('status')}>
      {text}
    </Text>
  );
}

/**
 * A pending payment of the resident's own, wherever she comes back (缴费 tab, bills, 缴费记录, the
 * payment's page): what it is, and the two things to do: 「继续付款」 (the same order) and
 * 「不付了」 (closed at once, bills free). `onChanged` gets it once paid or closed, with what to say.
 */
export function PendingPaymentCard({
  payment,
  onChanged,
  afterSheet,
  primary = true,
  title = '有一笔缴费还没付完',
}: {
  payment: Payment;
  onChanged: (after: Payment, text: string) => void;
  /** Where the pay sheet leads once over (default: the payment's page). */
  afterSheet?: AfterSheet;
  /** Its 继续付款 is the screen's one primary action (false when the screen has another). */
  primary?: boolean;
  title?: string;
}) {
  const flow = usePay(afterSheet);
  const done = (after: Payment | null) => {
    if (after && after.status !== 'pending') onChanged(after, outcomeText(after));
  };
  const topUp = payment.kind === 'topUp';
  return (
    <View className="bm-bill-card bm-bill-pending" {...roleProps('region')} aria-label={title}>
      <Text className="bm-bill-card__title">{title}</Text>
      <Text className="bm-bill-card__line">
        {paymentTitle(payment)} · {plain('户号')} {payment.accountNo}
      </Text>
      {topUp ? null : <Text className="bm-bill-card__line">{periodsText(payment.bills.map((b) => b.period))}</Text>}
      <Amount fen={payment.amountFen} large />
      <Text className="bm-text">
        钱还没有扣。可以继续付款，也可以不付了{topUp ? '' : '，账单马上可以重新缴'}。
        {payment.payableUntil ? `${timeText(payment.payableUntil)}前可以继续付。` : ''}
      </Text>
      <Problem text={flow.problem} />
      {flow.sheet ? (
        <SandboxSheet flow={flow} onGaveUp={done} />
      ) : (
        <View className="bm-stack">
          <ActionButton
            variant={primary ? 'primary' : 'secondary'}
            onPress={() => void flow.resume(payment.id).then(done)}
          >
            {flow.busy ? '请稍候…' : '继续付款'}
          </ActionButton>
          <ActionButton onPress={() => void flow.giveUp(payment.id).then(done)}>不付了</ActionButton>
        </View>
      )}
    </View>
  );
}

/** Every unfinished payment of a list as cards, the first one's 继续付款 the screen's primary action. */
export function PendingPayments({
  payments,
  onChanged,
}: {
  payments: Payment[];
  onChanged: (after: Payment, text: string) => void;
}) {
  return (
    <>
      {payments
        .filter((p) => p.status === 'pending')
        .map((payment, i) => (
          <PendingPaymentCard key={payment.id} payment={payment} primary={i === 0} onChanged={onChanged} />
        ))}
    </>
  );
}
