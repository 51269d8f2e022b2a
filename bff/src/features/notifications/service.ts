import {
  dayTimeText,
  type NotificationItem,
  type NotificationReason,
  type SubscribeResult,
  type SubscribeTemplates,
} from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import { insertNew } from '../../db/query';
import { idFor, randomId } from '../../lib/ids';
import type { NotificationRecord } from './model';

/** The most messages the list shows; older ones stay, unread or not, but are not listed. */
const LIST_SIZE = 100;
/** Acceptances kept unused per resident and template (WeChat counts its own; this bounds ours). */
const MAX_CREDITS = 50;

/** Something a resident is to be told, once per (resident, reason, subject). */
export interface NotifyInput {
  userId: string;
  reason: NotificationReason;
  /** What it is about (a bill, a notice, a request, a step): with the reason, it makes the message once. */
  subject: string;
  title: string;
  body: string;
  page: string | null;
  facts?: { amountFen?: number | null; date?: string | null; account?: string | null; status?: string | null };
}

export function toNotificationItem(n: NotificationRecord): NotificationItem {
  return {
    id: n._id,
    reason: n.reason,
    title: n.title,
    body: n.body,
    page: n.page ?? null,
    createdAt: n.createdAt.toISOString(),
    whenText: dayTimeText(n.createdAt),
    read: n.readAt !== null,
  };
}

/**
 * The messages (消息): written once per (resident, reason, subject) by the features where things
 * happen, listed in the app, and — where the reason has a template and she accepted one —
 * sent on through WeChat by the delivery job (delivery.ts).
 */
export function createNotificationService(deps: { models: Models; clock: Clock; settings: Config['notifications'] }) {
  const { models, clock, settings } = deps;
  const configuredIds = new Set(Object.values(settings.templates).map((t) => t.id));

  async function unread(userId: string): Promise<number> {
    return (await models.Notification.find({ userId, readAt: null }, { _id: 1 }).lean()).length;
  }

  /** Writes these messages, each unless it was written before; answers how many this call wrote. */
  async function notifyAll(inputs: readonly NotifyInput[]): Promise<number> {
    const now = clock.now();
    const docs = inputs.map((input) => {
      const template = settings.templates[input.reason];
      return {
        _id: idFor(`notification:${input.userId}:${input.reason}:${input.subject}`),
        userId: input.userId,
        reason: input.reason,
        subject: input.subject,
        title: input.title,
        body: input.body,
        page: input.page,
        facts: input.facts ?? {},
        createdAt: now,
        wx: template ? 'pending' : 'none',
        wxTemplateId: template?.id ?? null,
        wxNextAt: template ? now : null,
      };
    });
    return (await insertNew(models.Notification, docs)).size;
  }

  return {
    /** Writes the message unless it was written before; true when this call wrote it. */
    notify: async (input: NotifyInput): Promise<boolean> => (await notifyAll([input])) === 1,

    notifyAll,

    /** Her newest messages and how many she has not read. */
    async list(userId: string): Promise<{ items: NotificationItem[]; unread: number }> {
      const all = await models.Notification.find({ userId }).lean<NotificationRecord[]>();
      all.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a._id.localeCompare(b._id));
      return {
        items: all.slice(0, LIST_SIZE).map(toNotificationItem),
        unread: all.filter((n) => n.readAt === null).length,
      };
    },

    unread,

    /** Marks some of her messages read (others' ids change nothing), or all of them. */
    async read(userId: string, ids: string[] | undefined): Promise<number> {
      const at = clock.now();
      if (ids) {
        await Promise.all(
          [...new Set(ids)].map((id) =>
            models.Notification.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt: at } }),
          ),
        );
      } else {
        await models.Notification.updateMany({ userId, readAt: null }, { $set: { readAt: at } });
      }
      return unread(userId);
    },

    templates(): SubscribeTemplates['templates'] {
      return Object.entries(settings.templates).map(([reason, t]) => ({
        reason: reason as NotificationReason,
        templateId: t.id,
      }));
    },

    /**
     * Keeps the collections bounded: messages older than the retention go, read or not, and
     * so do the acceptances they used (unused ones stay: WeChat keeps them). Answers how many went.
     */
    async sweep(): Promise<number> {
      const before = new Date(clock.now().getTime() - settings.retentionDays * 86_400_000);
      const [messages, credits] = await Promise.all([
        models.Notification.deleteMany({ createdAt: { $lt: before } }),
        models.SubscribeCredit.deleteMany({ at: { $lt: before }, usedFor: { $ne: null } }),
      ]);
      return messages.deletedCount + credits.deletedCount;
    },

    /** Keeps one credit per accepted template (templates not configured here are ignored). */
    async subscribe(userId: string, accepted: string[]): Promise<SubscribeResult> {
      const credits: SubscribeResult['credits'] = [];
      for (const templateId of new Set(accepted)) {
        if (!configuredIds.has(templateId)) continue;
        const unused = (await models.SubscribeCredit.find({ userId, templateId, usedFor: null }, { _id: 1 }).lean())
          .length;
        if (unused < MAX_CREDITS) {
          await models.SubscribeCredit.create({ _id: randomId(), userId, templateId, at: clock.now() });
        }
        credits.push({ templateId, count: Math.min(unused + 1, MAX_CREDITS) });
      }
      return { credits };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
