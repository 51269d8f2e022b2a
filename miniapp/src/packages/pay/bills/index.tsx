import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { billStatusLabels, type Bill } from '@bianmin/shared';
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
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';

/** One bill: unpaid ones are ticked to pay them; paid ones show when they were paid. */
function BillRow({ bill, selected, onToggle }: { bill: Bill; selected: boolean; onToggle: () => void }) {
  const payable = bill.status === 'unpaid' && !bill.pending;
  const note =
    bill.status === 'paid'
      ? `已缴${bill.paidAt ? `，${dayText(bill.paidAt)}` : ''}`
      : bill.pending
        ? '正在缴费，请稍后再看'
        : `${dayText(bill.dueDate)}前缴`;
  const label = `${periodText(bill.period)}，${formatYuanSign(bill.amountFen)}，${billStatusLabels[bill.status]}`;
  if (!payable) {
    return (
      <View className="bm-bill-row" aria-label={label}>
        <View className="bm-bill-row__main">
          <Text className="bm-bill-row__title">{periodText(bill.period)}</Text>
          <Text className="bm-bill-row__note">{note}</Text>
        </View>
        <Amount fen={bill.amountFen} />
      </View>
    );
  }
  return (
    <View
      className={`bm-bill-row bm-bill-row--selectable${selected ? ' bm-bill-row--on' : ''}`}
      {...roleProps('checkbox')}
      aria-checked={selected}
      aria-label={label}
      onClick={onToggle}
      {...keyboardPressProps(onToggle)}
    >
      <View className="bm-bill-tick">{selected ? '✓' : ''}</View>
      <View className="bm-bill-row__main">
        <Text className="bm-bill-row__title">{periodText(bill.period)}</Text>
        <Text className="bm-bill-row__note">{note}</Text>
      </View>
      <Amount fen={bill.amountFen} />
    </View>
  );
}

/**
 * 账单: the bills of one account, newest first. Unpaid bills start ticked; the one action pays
 * the ticked ones. Also used for a family account or one found by 代缴 lookup.
 */
export default function BillsPage() {
  const { accountId = '' } = usePageParams();
  const { data, error, reload } = useLoad(() => api.call('listBills', { query: { accountId } }), accountId);
  Taro.useDidShow(() => {
    reload();
  });
  // every payable bill starts ticked: what is kept is what the resident unticked
  const [unticked, setUnticked] = useState<string[]>([]);
  const payable = (data?.bills ?? []).filter((b) => b.status === 'unpaid' && !b.pending);
  const selected = payable.map((b) => b.id).filter((id) => !unticked.includes(id));

  const toggle = (id: string) =>
    setUnticked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  const total = payable.filter((b) => selected.includes(b.id)).reduce((sum, b) => sum + b.amountFen, 0);
  const account = data?.account;
  const pay = () =>
    go(PAY.confirm, {
      accountId,
      billIds: payable
        .filter((b) => selected.includes(b.id))
        .map((b) => b.id)
        .join(','),
      onBehalf: account && account.relation !== 'bound' ? '1' : undefined,
    });

  return (
    <Page helpContext={{ page: PAY.bills, ...(accountId ? { accountId } : {}) }}>
      <Problem text={error} />
      {account ? (
        <View className="bm-card">
          <Text className="bm-heading">{account.alias ?? utilityLabels[account.utility]}</Text>
          <Text className="bm-note">
            {utilityLabels[account.utility]} · {plain('户号')} {account.accountNo} · 户主 {account.holderName}
          </Text>
          <Text className="bm-note">{account.address}</Text>
        </View>
      ) : null}
      {data && data.bills.length === 0 ? <Text className="bm-text">这个户号还没有账单。</Text> : null}
      {(data?.bills ?? []).map((bill) => (
        <BillRow key={bill.id} bill={bill} selected={selected.includes(bill.id)} onToggle={() => toggle(bill.id)} />
      ))}
      {payable.length > 0 ? (
        <View>
          <View className="bm-bill-total">
            <Text>已选 {selected.length} 笔，合计</Text>
            <Amount fen={total} />
          </View>
          {selected.length > 0 ? (
            <ActionButton variant="primary" onPress={pay}>
              去缴费
            </ActionButton>
          ) : (
            <Text className="bm-note">请勾选要缴的账单。</Text>
          )}
        </View>
      ) : data ? (
        <Text className="bm-text">没有待缴的账单。</Text>
      ) : null}
    </Page>
  );
}
