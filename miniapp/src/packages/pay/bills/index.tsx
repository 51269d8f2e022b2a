import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { billStatusLabels, usageText, type BillLine } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { keyboardPressProps, roleProps } from '../../../lib/a11y';
import {
  Amount,
  dayText,
  formatYuanSign,
  go,
  PAY,
  periodText,
  Problem,
  usePageParams,
  useLoad,
  utilityLabels,
} from '../../../billing';
import { Notice, PendingPaymentCard } from '../../../billing/paying';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';
import { UsageCard } from './UsageCard';

/** What a bill costs now: its amount and the late fee it carries. */
const dueOf = (bill: BillLine) => bill.amountFen + (bill.lateFeeFen ?? 0);

/** The line under a bill: paid when, overdue how long, or due by when. */
function noteOf(bill: BillLine, inOwnPayment: boolean): string {
  if (bill.status === 'paid') return `已缴${bill.paidAt ? `，${dayText(bill.paidAt)}` : ''}`;
  if (bill.pending && !bill.payable) return '别人正在缴这笔，请稍后再看';
  if (inOwnPayment) return '在上面那笔没付完的缴费里';
  return bill.overdueDays > 0 ? `应在${dayText(bill.dueDate)}前缴` : `${dayText(bill.dueDate)}前缴`;
}

/**
 * One bill: payable ones are ticked to pay them; an overdue one says so (已逾期 N 天) with its late
 * fee; paid ones show when they were paid.
 */
function BillRow({
  bill,
  selected,
  onToggle,
  inOwnPayment,
}: {
  bill: BillLine;
  selected: boolean;
  onToggle: () => void;
  inOwnPayment: boolean;
}) {
  const overdue = bill.status === 'unpaid' && bill.overdueDays > 0 ? `已逾期 ${bill.overdueDays} 天` : null;
  const fee = bill.status === 'unpaid' && bill.lateFeeFen ? `含晚交多收的钱 ${formatYuanSign(bill.lateFeeFen)}` : null;
  const label = [
    periodText(bill.period),
    formatYuanSign(bill.status === 'unpaid' ? dueOf(bill) : bill.amountFen),
    overdue ?? billStatusLabels[bill.status],
    fee,
    bill.usage ? usageText(bill.utility, bill.usage) : null,
  ]
    .filter(Boolean)
    .join('，');
  const main = (
    <View className="bm-bill-row__main">
      <Text className="bm-bill-row__title">{periodText(bill.period)}</Text>
      {overdue ? <Text className="bm-bill-row__overdue">{overdue}</Text> : null}
      <Text className="bm-bill-row__note">{noteOf(bill, inOwnPayment)}</Text>
      {fee ? <Text className="bm-bill-row__note">{fee}</Text> : null}
      {bill.usage ? <Text className="bm-bill-row__note">{usageText(bill.utility, bill.usage)}</Text> : null}
    </View>
  );
  const amount = <Amount fen={bill.status === 'unpaid' ? dueOf(bill) : bill.amountFen} />;
  if (!bill.payable) {
    return (
      <View className={`bm-bill-row${overdue ? ' bm-bill-row--overdue' : ''}`} aria-label={label}>
        {main}
        {amount}
      </View>
    );
  }
  return (
    <View
      className={`bm-bill-row bm-bill-row--selectable${selected ? ' bm-bill-row--on' : ''}${overdue ? ' bm-bill-row--overdue' : ''}`}
      {...roleProps('checkbox')}
      aria-checked={selected}
      aria-label={label}
      onClick={onToggle}
      {...keyboardPressProps(onToggle)}
    >
      <View className="bm-bill-tick">{selected ? '✓' : ''}</View>
      {main}
      {amount}
    </View>
  );
}

/** The pay bar's summary: how many bills are ticked and their total. */
function PayTotal({ count, total }: { count: number; total: number }) {
  return (
    <View
      className="bm-paybar__total"
      {...roleProps('status')}
      aria-label={`已选 ${count} 笔，合计 ${formatYuanSign(total)}`}
    >
      <Text className="bm-paybar__label">已选 {count} 笔，合计</Text>
      <Amount fen={total} large />
    </View>
  );
}

/**
 * 账单: the bills of one account, overdue ones first. Payable bills start ticked; the pay bar at
 * the bottom, always in view, shows the total and pays the ticked ones. An unfinished payment of
 * hers is shown first, to continue or give up. Also used for a family account or one found by
 * 代缴 lookup. A prepaid account shows its balance (to its holder) and offers 充值.
 */
export default function BillsPage() {
  const { accountId = '' } = usePageParams();
  const { data, error, reload } = useLoad(() => api.call('listBills', { query: { accountId } }), accountId);
  Taro.useDidShow(() => {
    reload();
  });
  const [notice, setNotice] = useState<string | null>(null);
  // every payable bill starts ticked: what is kept is what the resident unticked
  const [unticked, setUnticked] = useState<string[]>([]);
  const payable = (data?.bills ?? []).filter((b) => b.payable);
  const selected = payable.map((b) => b.id).filter((id) => !unticked.includes(id));
  const pending = data?.pendingPayment ?? null;
  const inPending = new Set(pending?.bills.map((b) => b.id) ?? []);

  const toggle = (id: string) =>
    setUnticked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  const total = payable.filter((b) => selected.includes(b.id)).reduce((sum, b) => sum + dueOf(b), 0);
  const account = data?.account;
  const pay = () =>
    go(PAY.confirm, {
      accountId,
      billIds: selected.join(','),
      onBehalf: account && account.relation !== 'bound' ? '1' : undefined,
    });

  return (
    <Page
      helpContext={{ page: PAY.bills, ...(accountId ? { accountId } : {}) }}
      bar={
        payable.length > 0 ? (
          <View className="bm-paybar">
            <PayTotal count={selected.length} total={total} />
            {selected.length > 0 ? (
              <ActionButton variant={pending ? 'secondary' : 'primary'} onPress={pay}>
                去缴费
              </ActionButton>
            ) : (
              <Text className="bm-note">请勾选要缴的账单。</Text>
            )}
          </View>
        ) : undefined
      }
    >
      <Problem text={error} />
      <Notice text={notice} />
      {account ? (
        <View className="bm-card">
          <Text className="bm-heading">{account.alias ?? utilityLabels[account.utility]}</Text>
          <Text className="bm-note">
            {utilityLabels[account.utility]} · {plain('户号')} {account.accountNo} · 户主 {account.holderName}
          </Text>
          <Text className="bm-note">{account.address}</Text>
          {account.balanceFen !== null ? (
            <Text className="bm-bill-card__owed">
              预存余额 <Amount fen={account.balanceFen} />
            </Text>
          ) : null}
          {account.prepaid && account.relation !== 'lookup' ? (
            <ActionButton
              onPress={() => go(PAY.topUp, { accountId })}
              label={`给${utilityLabels[account.utility]}户号充值`}
            >
              充值
            </ActionButton>
          ) : null}
        </View>
      ) : null}
      {pending ? (
        <PendingPaymentCard
          payment={pending}
          onChanged={(_after, text) => {
            setNotice(text);
            reload();
          }}
        />
      ) : null}
      {data && data.bills.length === 0 ? <Text className="bm-text">这个户号还没有账单。</Text> : null}
      {(data?.bills ?? []).map((bill) => (
        <BillRow
          key={bill.id}
          bill={bill}
          selected={selected.includes(bill.id)}
          onToggle={() => toggle(bill.id)}
          inOwnPayment={inPending.has(bill.id)}
        />
      ))}
      {data && payable.length === 0 && !pending ? <Text className="bm-text">没有待缴的账单。</Text> : null}
      {data?.account ? <UsageCard utility={data.account.utility} bills={data.bills} /> : null}
    </Page>
  );
}
