import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { utilityValues, type FamilyAccount } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { Amount, dayText, go, messageOf, PAY, Problem, TextLink, useLoad, utilityLabels } from '../../../billing';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';

/** One account on the family page: who, what is owed and by when, and paying it. */
function FamilyCard({
  account,
  onRemoved,
  primary,
  primaryTopUp,
}: {
  account: FamilyAccount;
  onRemoved: () => void;
  /** Only the first account with bills to pay gets the primary button: one per screen. */
  primary: boolean;
  /** With no bills to pay on the screen, the first balance running low gets it instead. */
  primaryTopUp: boolean;
}) {
  const payable = account.unpaidBills.filter((b) => !b.pending);
  const title = account.alias ?? `${utilityLabels[account.utility]} ${account.accountNo}`;
  const pay = () =>
    go(PAY.confirm, {
      accountId: account.id,
      billIds: payable.map((b) => b.id).join(','),
      onBehalf: account.relation === 'family' ? '1' : undefined,
    });
  const remove = async () => {
    const answer = await Taro.showModal({
      title: '移除亲情账户',
      content: `不再显示“${title}”？`,
      confirmText: '移除',
    });
    if (!answer.confirm) return;
    try {
      await api.call('removeFamily', { params: { id: account.id } });
      onRemoved();
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };
  return (
    <View className="bm-bill-card">
      <Text className="bm-bill-card__title">
        {title}
        {account.relation === 'bound' ? '（我绑定的）' : ''}
      </Text>
      <Text className="bm-bill-card__line">
        {utilityLabels[account.utility]} · {plain('户号')} {account.accountNo} · 户主 {account.holderName}
      </Text>
      {account.balanceFen !== null ? (
        <Text className="bm-bill-card__line">
          余额 <Amount fen={account.balanceFen} />
          {account.lowBalance ? '，余额不多了，记得充值' : ''}
        </Text>
      ) : account.lowBalance ? (
        // a family account's balance is not shown, only that it runs low
        <Text className="bm-bill-card__line">余额不多了，记得充值</Text>
      ) : null}
      {account.unpaidBills.length > 0 ? (
        <Text className="bm-bill-card__owed">
          欠费 <Amount fen={account.owedFen} />
          {account.nextDueDate ? `，${dayText(account.nextDueDate)}前缴` : ''}
        </Text>
      ) : (
        <Text className="bm-bill-card__owed">没有欠费</Text>
      )}
      {payable.length > 0 ? (
        <ActionButton variant={primary ? 'primary' : 'secondary'} onPress={pay} label={`替${title}缴费`}>
          缴费
        </ActionButton>
      ) : null}
      {account.prepaid ? (
        <ActionButton
          variant={primaryTopUp ? 'primary' : 'secondary'}
          onPress={() => go(PAY.topUp, { accountId: account.id })}
          label={`给${title}充值`}
        >
          充值
        </ActionButton>
      ) : null}
      {account.relation === 'family' ? <TextLink onPress={() => void remove()}>移除</TextLink> : null}
    </View>
  );
}

/**
 * 亲情账户: every bound account and every saved family account, each utility, with arrears and
 * due dates, and the reminders (bills falling due, balances running low) at the top. A prepaid
 * account offers 充值 (for a family account on its holder's behalf, the balance not shown).
 */
export default function FamilyPage() {
  const family = useLoad(() => api.call('listFamily'), '');
  const reminders = useLoad(() => api.call('listReminders'), '');
  Taro.useDidShow(() => {
    family.reload();
    reminders.reload();
  });
  const accounts = family.data?.accounts ?? [];
  const inOrder = utilityValues.flatMap((utility) => accounts.filter((a) => a.utility === utility));
  const firstPayable = inOrder.find((a) => a.unpaidBills.some((b) => !b.pending))?.id;
  const firstLow = firstPayable ? undefined : inOrder.find((a) => a.lowBalance && a.prepaid)?.id;
  return (
    <Page helpContext={{ page: PAY.family }}>
      <Text className="bm-heading">亲情账户</Text>
      <Problem text={family.error ?? reminders.error} />
      {(reminders.data?.reminders ?? []).length > 0 ? (
        <View className="bm-card">
          <Text className="bm-section-title">提醒</Text>
          {(reminders.data?.reminders ?? []).map((r) => (
            <Text key={`${r.kind}-${r.billId ?? r.accountId}`} className="bm-text">
              {r.message}
            </Text>
          ))}
        </View>
      ) : null}
      {family.data && accounts.length === 0 ? (
        <Text className="bm-text">还没有亲情账户。替家人缴费时查到的户号，可以存到这里。</Text>
      ) : null}
      {utilityValues.map((utility) => {
        const ofUtility = accounts.filter((a) => a.utility === utility);
        if (ofUtility.length === 0) return null;
        return (
          <View key={utility}>
            <Text className="bm-section-title">{utilityLabels[utility]}</Text>
            {ofUtility.map((account) => (
              <FamilyCard
                key={account.id}
                account={account}
                onRemoved={family.reload}
                primary={account.id === firstPayable}
                primaryTopUp={account.id === firstLow}
              />
            ))}
          </View>
        );
      })}
      <TextLink onPress={() => go(PAY.payer)}>查找家人的户号</TextLink>
    </Page>
  );
}
