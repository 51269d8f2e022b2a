// The Taro double of the pay pages that take money (确认缴费, 充值): the page's query and a spied
// redirect. It imports no Taro itself, so a test's `vi.mock('@tarojs/taro')` factory can load it.
import { vi } from 'vitest';
import type * as TaroDouble from './taro';

/** The page's query (`routerParams.params`) and where it redirected to, read by the mocked Taro. */
export const routerParams: { params: Record<string, string> } = { params: {} };
export const redirectTo = vi.fn((_options: { url: string }) => Promise.resolve());

/**
 * The Taro double of a pay page, for a test's
 * `vi.mock('@tarojs/taro', async (original) => (await import('…/pay-taro')).payPageTaro(await original()))`.
 */
export function payPageTaro(original: typeof TaroDouble) {
  const extra = {
    useRouter: () => routerParams,
    useDidShow: () => undefined,
    redirectTo: (options: { url: string }) => redirectTo(options),
    navigateBack: () => Promise.resolve(),
    requestPayment: () => Promise.reject(new Error('not in tests')),
  };
  return { ...original, ...extra, default: { ...original.default, ...extra } };
}
