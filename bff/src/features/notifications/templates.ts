import {
  formatYuan,
  fullDayText,
  fullDayTimeText,
  notificationReasonLabels,
  notificationReasonValues,
  type NotificationReason,
} from '@bianmin/shared';
import { z } from 'zod';

/**
 * WeChat subscription templates: which template each reason uses, and what fills each of its
 * keywords. A template is picked from WeChat's library, so its keywords (`thing1`, `amount2`,
 * `date3` …) differ per template; the operator names, for each keyword, the part of a message
 * that fills it. The value is then cut to the keyword type's rule (thing ≤ 20 characters,
 * phrase ≤ 5 Chinese characters, amount a currency sign and digits …): a value WeChat refuses
 * (47003) is a message lost for good.
 */
export const templateSources = ['title', 'body', 'amount', 'date', 'time', 'account', 'status', 'reason'] as const;
export type TemplateSource = (typeof templateSources)[number];

export interface SubscribeTemplate {
  id: string;
  /** keyword (`thing1`) → what fills it. */
  data: Record<string, TemplateSource>;
}

/** The layout of a template given by its id alone: a title, the sentence and when. */
const DEFAULT_LAYOUT: SubscribeTemplate['data'] = { thing1: 'title', thing2: 'body', time3: 'time' };

const Keyword = z.string().regex(/^[a-z_]+\d+$/, 'keywords look like thing1, amount2');
const TemplateSetting = z.union([
  z.string().trim().min(1).max(128),
  z.strictObject({
    id: z.string().trim().min(1).max(128),
    data: z.record(Keyword, z.enum(templateSources)).refine((d) => Object.keys(d).length > 0, 'no keywords'),
  }),
]);
const TemplatesSetting = z.partialRecord(z.enum(notificationReasonValues), TemplateSetting);

/** Parses `WECHAT_SUBSCRIBE_TEMPLATES_JSON`: `{"<reason>": "<id>" | {"id": "<id>", "data": {"thing1": "title"}}}`. */
export function parseTemplates(value: unknown): Partial<Record<NotificationReason, SubscribeTemplate>> {
  const parsed = TemplatesSetting.parse(value);
  return Object.fromEntries(
    Object.entries(parsed).map(([reason, t]) => [
      reason,
      typeof t === 'string' ? { id: t, data: DEFAULT_LAYOUT } : { id: t.id, data: t.data },
    ]),
  );
}

export function templatesProblem(err: unknown): string {
  const reasons = notificationReasonValues.join('|');
  const detail =
    err instanceof z.ZodError ? ` (${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})` : '';
  return `must be {"<${reasons}>": "<template id>" | {"id": "<template id>", "data": {"thing1": "<${templateSources.join('|')}>"}}}${detail}`;
}

/** The one template of `REMINDER_SUBSCRIBE_TEMPLATE_ID`, for the four bill reminders it served. */
export function billTemplates(id: string): Partial<Record<NotificationReason, SubscribeTemplate>> {
  const template = { id, data: { thing1: 'body', amount2: 'amount' } } satisfies SubscribeTemplate;
  return { billDue: template, overdue: template, lowBalance: template, familyDue: template };
}

/** What a message offers a template. */
export interface TemplateFacts {
  reason: NotificationReason;
  title: string;
  body: string;
  createdAt: Date;
  amountFen?: number | null | undefined;
  /** A calendar day (`2026-01-20`) or an instant. */
  date?: string | null | undefined;
  account?: string | null | undefined;
  status?: string | null | undefined;
}

const HAN = /\p{Script=Han}/u;

/** Cuts `text` to `max` characters (code points, as WeChat counts), ending in … when cut. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** A value in the form the keyword's type takes, or null when it has none. */
function valueFor(type: string, source: TemplateSource, facts: TemplateFacts): string | null {
  const raw = ((): string | null => {
    switch (source) {
      case 'title':
        return facts.title;
      case 'body':
        return facts.body;
      case 'reason':
        return notificationReasonLabels[facts.reason];
      case 'amount':
        return facts.amountFen === null || facts.amountFen === undefined
          ? null
          : `¥${formatYuan(Math.abs(facts.amountFen)).replace(/,/g, '')}`;
      case 'date':
        return fullDayText(facts.date ?? facts.createdAt);
      case 'time':
        return fullDayTimeText(facts.date && !/^\d{4}-\d{2}-\d{2}$/.test(facts.date) ? facts.date : facts.createdAt);
      case 'account':
        return facts.account ?? null;
      case 'status':
        return facts.status ?? null;
    }
  })();
  if (raw === null || raw.trim() === '') return null;
  switch (type) {
    case 'thing':
      return cut(raw, 20);
    case 'phrase':
      return (
        Array.from(raw)
          .filter((c) => HAN.test(c))
          .slice(0, 5)
          .join('') || null
      );
    case 'name':
      return (
        Array.from(raw)
          .filter((c) => HAN.test(c))
          .slice(0, 10)
          .join('') || null
      );
    case 'character_string':
      return raw.replace(/[^\x21-\x7e]/g, '').slice(0, 32) || null;
    case 'number':
      return raw.replace(/[^\d.]/g, '').slice(0, 32) || null;
    default:
      // amount, date and time come in their forms already
      return raw;
  }
}

/** The `data` of a subscription message: `{ thing1: { value } … }`, keywords with no value left out. */
export function templateData(template: SubscribeTemplate, facts: TemplateFacts): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [keyword, source] of Object.entries(template.data)) {
    const value = valueFor(keyword.replace(/\d+$/, ''), source, facts);
    if (value !== null) out[keyword] = { value };
  }
  return out;
}
