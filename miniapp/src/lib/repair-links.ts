import Taro from '@tarojs/taro';

/**
 * Pages of the resident's 报修 subpackage. In the main package, so that main pages (home, help)
 * may link to them: a weapp main page cannot load a module of a subpackage.
 */
export const REPAIR = {
  report: '/packages/repair/report/index',
  order: '/packages/repair/order/index',
  list: '/packages/repair/list/index',
} as const;

/** Opens an order's timeline. */
export function openOrder(id: string, replace = false): void {
  const url = `${REPAIR.order}?id=${id}`;
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url }));
}
