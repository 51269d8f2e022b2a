import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { proofByLabels, type FieldIssue, type ProofBy, type Utility } from '@bianmin/shared';
import { validateBody } from '../../../api/client';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { Choices, messageOf, PAY, Problem, TextField, utilityOptions } from '../../../billing';
import { api } from '../../../services';
import { plain } from '../../../lib/plain-words';

const issueOf = (issues: FieldIssue[] | null, field: string) =>
  issues?.find((i) => i.path === field || i.path === `body.${field}`)?.message ?? null;

const proofOptions = (['holderName', 'holderIdLast6'] as const).map((value) => ({
  value,
  text: value === 'holderName' ? '户主姓名' : '身份证后六位',
}));

const proofPlaceholders: Record<ProofBy, string> = {
  holderName: '和账单上的户主名字一样',
  holderIdLast6: '户主身份证号的最后六位',
};

/**
 * 绑定户号: choose the utility, type the account number from a bill, and show that the account is
 * one's own with the holder's name or the last six digits of the holder's ID number (binding
 * shows the account's whole history, so the utilities ask the same); optionally a name for it.
 */
export default function BindPage() {
  const [utility, setUtility] = useState<Utility | null>(null);
  const [accountNo, setAccountNo] = useState('');
  const [proofBy, setProofBy] = useState<ProofBy>('holderName');
  const [proof, setProof] = useState('');
  const [alias, setAlias] = useState('');
  const [issues, setIssues] = useState<FieldIssue[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const body = {
      utility: utility ?? ('' as Utility),
      accountNo,
      ...(!proof.trim() ? {} : proofBy === 'holderName' ? { holderName: proof } : { holderIdLast6: proof }),
      ...(alias.trim() ? { alias } : {}),
    };
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
      <Text className="bm-bill-label">确认您是户主</Text>
      <Text className="bm-note">绑定后能看到全部缴费记录。请填户主姓名，或户主身份证号后六位。</Text>
      <Choices
        label="确认方式"
        options={proofOptions}
        value={proofBy}
        onChange={(next) => {
          setProofBy(next);
          setProof('');
          setProblem(null);
        }}
      />
      <TextField
        label={proofByLabels[proofBy]}
        type={proofBy === 'holderIdLast6' ? 'idcard' : 'text'}
        value={proof}
        placeholder={proofPlaceholders[proofBy]}
        maxlength={proofBy === 'holderIdLast6' ? 6 : 40}
        onChange={setProof}
      />
      <Problem text={issueOf(issues, 'holderName') ?? issueOf(issues, 'holderIdLast6')} />
      <Text className="bm-bill-label">备注（可不填）</Text>
      <TextField label="备注" value={alias} placeholder="例如：家里电费" maxlength={16} onChange={setAlias} />
      <Problem text={issueOf(issues, 'alias') ?? problem} />
      <ActionButton variant="primary" onPress={() => void submit()}>
        {busy ? '正在绑定…' : '绑定'}
      </ActionButton>
    </Page>
  );
}
