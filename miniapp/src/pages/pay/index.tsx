import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { utilityValues, type AccountSummary } from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { Page } from '../../components/Page';
import { Amount, dayText, go, PAY, Problem, TextLink, useLoad, utilityLabels } from '../../billing';
import { Notice, PendingPayments } from '../../billing/paying';
import { api } from '../../services';
import { plain } from '../../lib/plain-words';

/**
 * One bound account: what it owes and the one thing to do with it. Only the first account that
 * owes gets the primary button: one primary action per screen, however many accounts owe.
 */
function AccountCard({ account, primary }: { account: AccountSummary; primary: boolean }) {
  const open = () => go(PAY.bills, { accountId: account.id });
  const title = account.alias ?? `${utilityLabels[account.utility]} ${account.accountNo}`;
  return (
    <View className="bm-bill-card">
      <Text className="bm-bill-card__title">{title}</Text>
      <Text className="bm-bill-card__line">
        {plain('户号')} {account.accountNo} · 户主 {account.holderName}
      </Text>
      {account.owedFen > 0 ? (
        <Text className="bm-bill-card__owed">
          待缴 <Amount fen={account.owedFen} />
          {account.nextDueDate ? `，${dayText(account.nextDueDate)}前缴` : ''}
        </Text>
      ) : (
        <Text className="bm-bill-card__owed">没有待缴的账单</Text>
      )}
      {account.balanceFen !== null ? (
        <Text className="bm-bill-card__line">
          预存余额 <Amount fen={account.balanceFen} />
        </Text>
      ) : null}
      <ActionButton
        variant={primary ? 'primary' : 'secondary'}
        onPress={open}
        label={`${title}：${account.owedFen > 0 ? '查看账单并缴费' : '查看账单'}`}
      >
        {account.owedFen > 0 ? '查看账单并缴费' : '查看账单'}
      </ActionButton>
      {account.prepaid ? (
        <TextLink onPress={() => go(PAY.topUp, { accountId: account.id })} label={`${title}：充值`}>
          充值
        </TextLink>
      ) : null}
    </View>
  );
}

/**
 * 缴费 tab: first any payment of hers left unfinished (to continue or give up), then her bound
 * accounts grouped by utility, with what each owes and one clear action; below, binding another
 * account, paying for family, and the payment history.
 */
export default function PayPage() {
  const { data, error, loading, reload } = useLoad(() => api.call('listAccounts'), '');
  const unfinished = useLoad(() => api.call('listPayments', { query: { status: 'pending' } }), '');
  const [notice, setNotice] = useState<string | null>(null);
  Taro.useDidShow(() => {
    reload();
    unfinished.reload();
  });
  const pending = unfinished.data?.payments ?? [];
  const accounts = data?.accounts ?? [];
  const firstOwing = utilityValues
    .flatMap((utility) => accounts.filter((a) => a.utility === utility))
    .find((a) => a.owedFen > 0)?.id;
  return (
    <Page helpContext={{ page: '/pages/pay/index' }}>
      <Text className="bm-heading">缴费</Text>
      <Problem text={error ?? unfinished.error} />
      <Notice text={notice} />
      <PendingPayments
        payments={pending}
        onChanged={(_after, text) => {
          setNotice(text);
          reload();
          unfinished.reload();
        }}
      />
      {!loading && accounts.length === 0 && !error ? (
        <View className="bm-card">
          <Text className="bm-text">还没有绑定户号。绑定后，账单会显示在这里。</Text>
          <ActionButton variant="primary" onPress={() => go(PAY.bind)}>
            绑定户号
          </ActionButton>
        </View>
      ) : null}
      {utilityValues.map((utility) => {
        const mine = accounts.filter((a) => a.utility === utility);
        if (mine.length === 0) return null;
        return (
          <View key={utility}>
            <Text className="bm-section-title">{utilityLabels[utility]}</Text>
            {mine.map((account) => (
              <AccountCard
                key={account.id}
                account={account}
                primary={pending.length === 0 && account.id === firstOwing}
              />
            ))}
          </View>
        );
      })}
      {accounts.length > 0 ? <TextLink onPress={() => go(PAY.bind)}>绑定其他户号</TextLink> : null}
      <TextLink onPress={() => go(PAY.payer)}>替家人缴费（代缴）</TextLink>
      <TextLink onPress={() => go(PAY.family)}>亲情账户</TextLink>
      <TextLink onPress={() => go(PAY.history)}>缴费记录</TextLink>
    </Page>
  );
}
