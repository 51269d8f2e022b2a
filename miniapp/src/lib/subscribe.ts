import Taro from '@tarojs/taro';
import type { NotificationReason } from '@bianmin/shared';
import { api } from '../services';
import { isWeapp } from './platform';

/**
 * WeChat subscription messages, asked for at the moment a resident wants to hear back (after a
 * payment, for the next bill; on the help page, for the answer; on her 报修, for its steps; when
 * she adds a family account), never at launch. Each acceptance lets the BFF send one message of
 * that template, so the app tells the BFF which she accepted.
 *
 * WeChat shows its panel only from a tap, with no wait before it: the template ids are read
 * beforehand (`prepareSubscribe`, a plain GET that shows nothing) and `askSubscribe` is called
 * in the tap handler itself. H5 has no such API: there every function here does nothing, and the
 * messages stay in the app's 消息 list.
 */
let known: Map<NotificationReason, string> | null = null;
let loading: Promise<void> | null = null;

/** Reads the template of each reason once; resolves when known (at once on H5). */
export function prepareSubscribe(): Promise<void> {
  if (!isWeapp) return Promise.resolve();
  loading ??= api.call('subscribeTemplates').then(
    ({ templates }) => {
      known = new Map(templates.map((t) => [t.reason, t.templateId]));
    },
    () => {
      loading = null; // asked again next time
    },
  );
  return loading;
}

/** The template ids of these reasons (WeChat takes at most three at once). */
function idsFor(reasons: NotificationReason[]): string[] {
  if (!known) return [];
  const map = known;
  return [...new Set(reasons.flatMap((r) => map.get(r) ?? []))].slice(0, 3);
}

/** True when asking for these reasons would show WeChat's panel (weapp, a template configured). */
export function canAsk(reasons: NotificationReason[]): boolean {
  return isWeapp && idsFor(reasons).length > 0;
}

/**
 * Shows WeChat's panel for these reasons and tells the BFF what she accepted; true when she
 * accepted any. Call it from a tap handler before anything is awaited. Never throws: a refusal or
 * a failure leaves the flow as it was.
 */
export async function askSubscribe(reasons: NotificationReason[]): Promise<boolean> {
  const tmplIds = idsFor(reasons);
  if (!isWeapp || tmplIds.length === 0) return false;
  try {
    // one key per template id: accept, reject, ban or filter
    const answer = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })) as unknown as Record<
      string,
      unknown
    >;
    const accepted = tmplIds.filter((id) => answer[id] === 'accept');
    if (accepted.length > 0) await api.call('subscribe', { body: { accepted } });
    return accepted.length > 0;
  } catch {
    return false;
  }
}
