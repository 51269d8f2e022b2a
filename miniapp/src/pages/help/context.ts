import { HelpPageContext, type CreateHelpBody, type HelpCategory, type ResidentHelp } from '@bianmin/shared';

const CONTEXT_KEYS = ['page', 'accountId', 'billId', 'paymentId', 'outletId'] as const;

/**
 * The help request's context from the help page's query (what the help button carried): each
 * part the shared schema accepts is kept, anything else is dropped rather than refused, so a
 * stray parameter can never stop the one tap from working.
 */
export function contextFromQuery(params: Record<string, string | undefined>): HelpPageContext {
  const context: Record<string, string> = {};
  for (const key of CONTEXT_KEYS) {
    const raw = params[key];
    if (typeof raw !== 'string' || raw === '') continue;
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // already decoded, or not encoded at all
    }
    if (HelpPageContext.safeParse({ [key]: value }).success) context[key] = value;
  }
  return context;
}

/**
 * The body of the one tap: the tap's key and the context, nothing the resident types. The same
 * key goes with every retry of one tap, so the BFF answers a retry with the request it made.
 */
export function createBody(context: HelpPageContext, clientKey: string): CreateHelpBody & { clientKey: string } {
  return Object.keys(context).length > 0 ? { clientKey, context } : { clientKey };
}

/** A fresh key for one tap: unique enough per resident, with no crypto API needed on weapp. */
export function newTapKey(now = Date.now(), random = Math.random): string {
  const noise = Array.from({ length: 3 }, () =>
    Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0'),
  ).join('');
  return `tap-${now.toString(36)}-${noise}`;
}

/** The hotline offered whenever the network lets the resident down (12345 unless the build names another). */
export const HOTLINE = BIANMIN_HOTLINE;

/** 「大约 3 分钟」: a rough wait, never a precise promise. */
export function waitText(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return '不到 1 分钟';
  return `大约 ${Math.round(seconds / 60)} 分钟`;
}

/** The line under the heading while the resident waits: the queue in plain words. */
export function queueText(help: Pick<ResidentHelp, 'queuePosition'>): string | null {
  if (help.queuePosition === null) return null;
  if (help.queuePosition <= 1) return '下一位就是您';
  return `您前面还有 ${help.queuePosition - 1} 位`;
}

/** The quick reasons in the order the screen shows them. */
export const REASONS: readonly HelpCategory[] = [
  'payment_failed',
  'bill_question',
  'outage',
  'gas_smell',
  'complaint',
  'other',
];
