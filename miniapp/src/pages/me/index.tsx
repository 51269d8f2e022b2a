import { Text, View } from '@tarojs/components';
import { ActionButton } from '../../components/ActionButton';
import { ElderSwitch } from '../../components/ElderSwitch';
import { Page } from '../../components/Page';
import { useSession } from '../../store/SessionProvider';

/** 我的: who is signed in, the settings (elder mode), and logout. */
export default function MePage() {
  const { user, status, error, logout, start } = useSession();
  return (
    <Page>
      <Text className="bm-heading">{user ? user.nickname : '我的'}</Text>
      {status === 'starting' && !user ? <Text className="bm-note">正在登录…</Text> : null}
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
      <Text className="bm-section-title">设置</Text>
      <ElderSwitch />
      {user ? (
        <>
          <Text className="bm-section-title">账号</Text>
          <ActionButton
            onPress={() => {
              void logout();
            }}
          >
            退出登录
          </ActionButton>
        </>
      ) : null}
    </Page>
  );
}
