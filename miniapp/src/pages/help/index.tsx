import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ActionButton } from '../../components/ActionButton';
import { Page } from '../../components/Page';
import './index.scss';

const HOTLINE = '12345';

/**
 * 一键求助, for now: says plainly that one-tap help with a real person is on its way, and offers
 * what works today, a call to the citizen hotline. The help feature replaces this page.
 */
export default function HelpPage() {
  const call = () => {
    // the user can still cancel in the system dialog; nothing else to do if they do
    Taro.makePhoneCall({ phoneNumber: HOTLINE }).catch(() => undefined);
  };
  return (
    <Page isHelpPage>
      <Text className="bm-heading">一键求助</Text>
      <Text className="bm-text">一键找真人客服帮忙的功能正在开发，很快就能在这里用。</Text>
      <Text className="bm-text">现在需要帮助，请拨打市民服务热线 12345。</Text>
      <ActionButton variant="primary" onPress={call}>
        拨打 12345
      </ActionButton>
      <Text className="bm-note help__danger">闻到燃气味、遇到火情等危险，请先离开现场，再拨打 119。</Text>
    </Page>
  );
}
