import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { AGENT_LOGIN, agentApi, agentSession } from './services';

/**
 * 退出 in the staff bar: ends the session (the server answers once no instance accepts it any
 * more, about a second) and goes back to the login. It says so meanwhile, and a second tap does
 * nothing. `first` runs before, e.g. the desk's 下线.
 */
export function SignOutButton({ first }: { first?: () => Promise<unknown> }) {
  const [leaving, setLeaving] = useState(false);
  const signOut = async () => {
    if (leaving) return;
    setLeaving(true);
    await first?.().catch(() => undefined);
    await agentApi.call('logout').catch(() => undefined);
    agentSession.signOut();
    void Taro.redirectTo({ url: AGENT_LOGIN });
  };
  return (
    <ActionButton className="agent-bar__link" onPress={() => void signOut()}>
      {leaving ? '正在退出…' : '退出'}
    </ActionButton>
  );
}
