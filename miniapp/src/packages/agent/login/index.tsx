import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AgentLoginBody } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { inputValue } from '../../../lib/input';
import { agentApi, agentSession, staffHome } from '../services';
import '../agent.scss';
import { StaffProblem } from '../Problem';

/** 工作台登录: username and password of any staff member; the staff token is kept apart. */
export default function AgentLoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const body = AgentLoginBody.safeParse({ username, password, deviceToken: agentSession.deviceToken() });
    if (!body.success) {
      setProblem(body.error.issues[0]?.message ?? '请填写用户名和密码');
      return;
    }
    setBusy(true);
    try {
      const result = await agentApi.call('agentLogin', { body: body.data });
      agentSession.signIn(result);
      void Taro.redirectTo({ url: staffHome(result.agent.role) });
    } catch (err) {
      setProblem(err instanceof Error ? err.message : '没有登录成功。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page staff className="agent agent-login">
      <Text className="bm-heading">工作台登录</Text>
      <Text className="bm-note">工作人员使用。居民请返回首页。</Text>
      <View className="agent-login__form">
        <Input
          className="agent__input"
          aria-label="用户名"
          placeholder="用户名"
          value={username}
          onInput={(e: unknown) => setUsername(inputValue(e))}
        />
        <Input
          className="agent__input"
          aria-label="密码"
          placeholder="密码"
          password
          value={password}
          onInput={(e: unknown) => setPassword(inputValue(e))}
          onConfirm={() => void submit()}
        />
        <StaffProblem text={problem} />
        <ActionButton variant="primary" onPress={() => void submit()}>
          {busy ? '正在登录…' : '登录'}
        </ActionButton>
      </View>
    </Page>
  );
}
