import { Text } from '@tarojs/components';
import { Page } from '../../components/Page';

/** 缴费: a placeholder until the bills feature builds this page. */
export default function PayPage() {
  return (
    <Page>
      <Text className="bm-heading">缴费</Text>
      <Text className="bm-text">这里将显示您绑定的户号和待缴的账单，也可以替家里人缴费。</Text>
      <Text className="bm-note">这项功能正在准备中。</Text>
    </Page>
  );
}
