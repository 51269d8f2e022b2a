import { Text } from '@tarojs/components';
import { Page } from '../../components/Page';

/** 网点: a placeholder until the outlets feature builds this page. */
export default function OutletsPage() {
  return (
    <Page>
      <Text className="bm-heading">附近网点</Text>
      <Text className="bm-text">这里将显示离您最近的营业网点，以及营业时间和电话。</Text>
      <Text className="bm-note">这项功能正在准备中。</Text>
    </Page>
  );
}
