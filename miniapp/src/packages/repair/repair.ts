import Taro from '@tarojs/taro';
import { problemOf, type ResidentWorkOrderSummary } from '@bianmin/shared';

/** Pages of the resident's 报修 subpackage. */
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

/** What the resident reported, in her words: `家里停电了`. */
export function problemText(order: Pick<ResidentWorkOrderSummary, 'problem'>, fallback: string): string {
  return order.problem ? (problemOf(order.problem)?.label ?? fallback) : fallback;
}

/** A key for one submission, sent with every retry of it: the help tap's key generator. */
export { newTapKey as newSubmitKey } from '../../pages/help/context';
