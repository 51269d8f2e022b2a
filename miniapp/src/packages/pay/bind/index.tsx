import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { FieldIssue, Utility } from '@bianmin/shared';
import { validateBody } from '../../../api/client';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { Choices, messageOf, PAY, Problem, TextField, utilityOptions } from '../../../billing';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';

const issueOf = (issues: FieldIssue[] | null, field: string) =>
  issues?.find((i) => i.path === field || i.path === `body.${field}`)?.message ?? null;

/** 绑定户号: choose the utility, type the account number from a bill, optionally a name for it. */
export default function BindPage() {
  const [utility, setUtility] = useState<Utility | null>(null);
  const [accountNo, setAccountNo] = useState('');
  const [alias, setAlias] = useState('');
  const [issues, setIssues] = useState<FieldIssue[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const body = { utility: utility ?? ('' as Utility), accountNo, ...(alias.trim() ? { alias } : {}) };
    const found = validateBody('bindAccount', body);
    setIssues(found);
    setProblem(null);
    if (found) return;
    setBusy(true);
    try {
      const account = await api.call('bindAccount', { body });
      await Taro.redirectTo({ url: `${PAY.bills}?accountId=${account.id}` });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page helpContext={{ page: PAY.bind }}>
      <Text className="bm-heading">绑定{plain('户号')}</Text>
      <Text className="bm-bill-label">缴费项目</Text>
      <Choices label="缴费项目" options={utilityOptions} value={utility} onChange={setUtility} />
      <Problem text={issueOf(issues, 'utility')} />
      <Text className="bm-bill-label">户号</Text>
      <Text className="bm-note">账单上印着户号，一般是 10 位数字。</Text>
      <TextField
        label="户号"
        type="number"
        value={accountNo}
        placeholder="请输入户号"
        maxlength={20}
        onChange={setAccountNo}
      />
      <Problem text={issueOf(issues, 'accountNo')} />
      <Text className="bm-bill-label">备注（可不填）</Text>
      <TextField label="备注" value={alias} placeholder="例如：家里电费" maxlength={16} onChange={setAlias} />
      <Problem text={issueOf(issues, 'alias') ?? problem} />
      <ActionButton variant="primary" onPress={() => void submit()}>
        {busy ? '正在绑定…' : '绑定'}
      </ActionButton>
    </Page>
  );
}
