import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { lookupByLabels, type LookedUpAccount, type LookupBy, type Utility } from '@bianmin/shared';
import { validateBody } from '../../../api/client';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { askSubscribe } from '../../../lib/subscribe';
import {
  Amount,
  Choices,
  dayText,
  go,
  messageOf,
  PAY,
  periodText,
  Problem,
  TextField,
  TextLink,
  utilityOptions,
} from '../../../billing';
import { api } from '../../../services';

const byOptions = (['accountNo', 'idNumber', 'phone'] as const).map((value) => ({
  value,
  text: lookupByLabels[value],
}));

const placeholders: Record<LookupBy, string> = {
  accountNo: '账单上的户号',
  idNumber: '户主的 18 位身份证号',
  phone: '户主的手机号',
};

/** One found account: the masked holder to check, the unpaid bills, pay or keep it. */
function Found({ account }: { account: LookedUpAccount }) {
  const [alias, setAlias] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const payable = account.unpaidBills.filter((b) => !b.pending);
  const pay = () =>
    go(PAY.confirm, { accountId: account.accountId, billIds: payable.map((b) => b.id).join(','), onBehalf: '1' });
  const save = async () => {
    // adding a family account: the moment to ask for her bills' reminders (in the tap, before any wait)
    void askSubscribe(['familyDue', 'lowBalance']);
    const body = { accountId: account.accountId, alias: alias.trim() || '家人' };
    const issues = validateBody('saveFamily', body);
    if (issues) {
      setProblem(issues[0]?.message ?? null);
      return;
    }
    try {
      await api.call('saveFamily', { body });
      setSaved(body.alias);
      setProblem(null);
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  return (
    <View className="bm-bill-card">
      <Text className="bm-note">请核对户主是不是您要缴费的人</Text>
      <Text className="bm-bill-holder">户主 {account.holderName}</Text>
      <Text className="bm-bill-card__line">
        户号 {account.accountNo} · 手机 {account.holderPhone}
      </Text>
      <Text className="bm-bill-card__line">
        身份证 {account.holderIdNumber} · {account.address}
      </Text>
      {account.unpaidBills.map((b) => (
        <View key={b.id} className="bm-bill-total">
          <Text>
            {periodText(b.period)}，{dayText(b.dueDate)}前缴{b.pending ? '（正在缴费）' : ''}
          </Text>
          <Amount fen={b.amountFen} />
        </View>
      ))}
      {payable.length > 0 ? (
        <ActionButton variant="primary" onPress={pay}>
          是这户，去缴费
        </ActionButton>
      ) : (
        <Text className="bm-text">这户现在没有要缴的账单。</Text>
      )}
      {saved ? (
        <Text className="bm-note">已存为亲情账户“{saved}”，下次在亲情账户里就能看到。</Text>
      ) : (
        <View>
          <Text className="bm-bill-label">存为亲情账户，下次不用再查</Text>
          <TextField
            label="亲情账户称呼"
            value={alias}
            placeholder="称呼，例如：妈妈"
            maxlength={16}
            onChange={setAlias}
          />
          <TextLink onPress={() => void save()}>存为亲情账户</TextLink>
        </View>
      )}
      <Problem text={problem} />
    </View>
  );
}

/**
 * 替家人缴费 (代缴): find an account by account number, the holder's ID-card number or phone,
 * check the masked holder, then pay its bills. Only masked data is ever shown.
 */
export default function PayerPage() {
  const [utility, setUtility] = useState<Utility | null>(null);
  const [by, setBy] = useState<LookupBy>('accountNo');
  const [value, setValue] = useState('');
  const [accounts, setAccounts] = useState<LookedUpAccount[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async () => {
    if (busy) return;
    const body = { utility: utility ?? ('' as Utility), by, value } as never;
    const issues = validateBody('payerLookup', body);
    if (issues) {
      setProblem(issues.map((i) => i.message).join(' '));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.call('payerLookup', { body });
      setAccounts(result.accounts);
      if (!result.found) setProblem('没有查到。请核对后再试，或换一种方式查。');
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page helpContext={{ page: PAY.payer }}>
      <Text className="bm-heading">替家人缴费</Text>
      <Text className="bm-bill-label">缴费项目</Text>
      <Choices label="缴费项目" options={utilityOptions} value={utility} onChange={setUtility} />
      <Text className="bm-bill-label">查询方式</Text>
      <Choices
        label="查询方式"
        options={byOptions}
        value={by}
        onChange={(next) => {
          setBy(next);
          setValue('');
        }}
      />
      <TextField
        label={lookupByLabels[by]}
        type={by === 'idNumber' ? 'idcard' : 'number'}
        value={value}
        placeholder={placeholders[by]}
        maxlength={20}
        onChange={setValue}
      />
      <Problem text={problem} />
      <ActionButton variant={accounts?.length ? 'secondary' : 'primary'} onPress={() => void search()}>
        {busy ? '正在查询…' : '查询'}
      </ActionButton>
      {(accounts ?? []).map((account) => (
        <Found key={account.accountId} account={account} />
      ))}
    </Page>
  );
}
