import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { ElderOffer } from '../../components/ElderOffer';
import { ElderSwitch } from '../../components/ElderSwitch';
import { NoticeBanner } from '../../components/NoticeBanner';
import { Page } from '../../components/Page';
import { HELP_PAGE } from '../../components/Page/HelpButton';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { REPAIR } from '../../lib/repair-links';
import { api } from '../../services';
import { useSession } from '../../store/SessionProvider';
import './index.scss';

interface Entry {
  title: string;
  hint: string;
  open: () => void;
}

const switchTab = (url: string) => () => {
  void Taro.switchTab({ url });
};

// 亲情代缴 opens the pay tab, where paying for family members will live
const ENTRIES: Entry[] = [
  { title: '缴费', hint: '水电燃气，一处缴清', open: switchTab('/pages/pay/index') },
  { title: '亲情代缴', hint: '替家里人缴费', open: () => void Taro.navigateTo({ url: '/packages/pay/family/index' }) },
  {
    title: '一键求助',
    hint: '遇到难处点这里',
    open: () => {
      void Taro.navigateTo({ url: HELP_PAGE });
    },
  },
  { title: '附近网点', hint: '找最近的营业厅', open: switchTab('/pages/outlets/index') },
];

const openRepair = () => {
  void Taro.navigateTo({ url: REPAIR.report });
};

const openMessages = () => {
  void Taro.navigateTo({ url: '/pages/messages/index' });
};

/** How many messages she has not read, asked again each time the page shows. */
function useUnread(): number {
  const [unread, setUnread] = useState(0);
  useDidShow(() => {
    api.call('unreadNotifications').then(
      (answer) => setUnread(answer.unread),
      () => undefined, // the entry still opens the list
    );
  });
  return unread;
}

/**
 * 首页: a greeting, the elder-mode switch near the top (one tap), the elder-mode offer for
 * residents of 60 and over, and the four things residents do most as big entries (one column
 * in elder mode). Each entry's name is its visible text, title and hint.
 */
export default function IndexPage() {
  const { user } = useSession();
  const unread = useUnread();
  return (
    <Page className="home">
      <Text className="bm-heading">{user ? `您好，${user.nickname}` : '您好'}</Text>
      <ElderSwitch className="home__elder" />
      <ElderOffer className="home__offer" />
      <View className="home__entries">
        {ENTRIES.map((entry) => (
          <View
            key={entry.title}
            className="home__entry"
            {...roleProps('link')}
            onClick={entry.open}
            {...keyboardPressProps(entry.open)}
          >
            <Text className="home__entry-title">{entry.title}</Text>
            <Text className="home__entry-hint">{entry.hint}</Text>
          </View>
        ))}
      </View>
      {/* under the four big entries, which stay on the first screen in elder mode */}
      <View
        className="home__more home__messages"
        {...roleProps('link')}
        onClick={openMessages}
        {...keyboardPressProps(openMessages)}
      >
        <View className="home__messages-line">
          <Text className="home__entry-title">消息</Text>
          {unread > 0 ? <Text className="home__badge">{unread > 99 ? '99+' : unread}</Text> : null}
        </View>
        <Text className={unread > 0 ? 'home__entry-hint home__entry-hint--strong' : 'home__entry-hint'}>
          {unread > 0 ? `有 ${unread} 条没看` : '账单到期、停水停电、求助回复'}
        </Text>
      </View>
      <NoticeBanner className="home__notices" />
      <View className="home__more" {...roleProps('link')} onClick={openRepair} {...keyboardPressProps(openRepair)}>
        <Text className="home__entry-title">报修</Text>
        <Text className="home__entry-hint">停电停水、燃气问题，请师傅上门</Text>
      </View>
    </Page>
  );
}
