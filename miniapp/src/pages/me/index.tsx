import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { ElderSwitch } from '../../components/ElderSwitch';
import { Page } from '../../components/Page';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { useSession } from '../../store/SessionProvider';
import './index.scss';

/** 我的: who is signed in, the settings (elder mode), and logout. */
export default function MePage() {
  const { user, status, error, logout, start } = useSession();
  // from the tap until the server has ended the session: she sees she is leaving, not a login
  const [leaving, setLeaving] = useState(false);
  const leave = () => {
    setLeaving(true);
    void logout().finally(() => setLeaving(false));
  };
  return (
    <Page>
      <Text className="bm-heading">{user ? user.nickname : '我的'}</Text>
      {leaving ? <Text className="bm-note">正在退出…</Text> : null}
      {!leaving && status === 'starting' && !user ? <Text className="bm-note">正在登录…</Text> : null}
      {status === 'offline' ? (
        <View className="bm-card">
          <Text className="bm-text">{error?.message ?? '没有登录成功。'}</Text>
          <ActionButton
            variant="primary"
            onPress={() => {
              void start();
            }}
          >
            重新登录
          </ActionButton>
        </View>
      ) : null}
      <ActionButton onPress={() => void Taro.navigateTo({ url: '/pages/help/list/index' })}>我的求助</ActionButton>
      <Text className="bm-section-title">设置</Text>
      <ElderSwitch />
      {user ? (
        <>
          <Text className="bm-section-title">账号</Text>
          <ActionButton onPress={leave}>退出登录</ActionButton>
        </>
      ) : null}
      <View
        className="me__staff"
        {...roleProps('link')}
        aria-label="工作人员入口"
        onClick={openStaff}
        {...keyboardPressProps(openStaff)}
      >
        <Text className="bm-note">工作人员入口</Text>
      </View>
    </Page>
  );
}

// the agent workbench, out of the residents' way at the bottom
const openStaff = () => {
  void Taro.navigateTo({ url: '/packages/agent/login/index' });
};
