import { View } from '@tarojs/components';
import { ActionButton } from '../../components/ActionButton';

/** How many pages `total` items fill, `pageSize` a page (at least one, for an empty list). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** 上一页 / 下一页 under a staff list that pages; each shows only where there is a page to go to. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <View className="agent-pager">
      {page > 1 ? <ActionButton onPress={() => onPage(page - 1)}>上一页</ActionButton> : null}
      {page < pages ? <ActionButton onPress={() => onPage(page + 1)}>下一页</ActionButton> : null}
    </View>
  );
}
