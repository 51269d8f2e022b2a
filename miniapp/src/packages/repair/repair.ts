import { problemOf, type ResidentWorkOrderSummary } from '@bianmin/shared';

export { openOrder, REPAIR } from '../../lib/repair-links';

/** What the resident reported, in her words: `家里停电了`. */
export function problemText(order: Pick<ResidentWorkOrderSummary, 'problem'>, fallback: string): string {
  return order.problem ? (problemOf(order.problem)?.label ?? fallback) : fallback;
}

/** A key for one submission, sent with every retry of it: the help tap's key generator. */
export { newTapKey as newSubmitKey } from '../../pages/help/context';
