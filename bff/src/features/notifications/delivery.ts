import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { Once } from '../../lib/once';
import type { WechatMessenger } from '../../lib/wechat-message';
import type { NotificationRecord } from './model';
import { templateData } from './templates';

/**
 * The delivery job: sends the WeChat copy of each pending message. Each attempt is claimed by
 * inserting `wx:<message>:<attempt>` first, so however many jobs run at once an attempt is made
 * by one of them, once; a claim whose maker stopped before saying how it went is not tried again
 * (it may have reached her) but given up. A message takes one of her subscription credits (one
 * acceptance, one message); with none it stays in the app. A send WeChat or the network failed
 * is tried again with a doubling wait, up to the attempt limit.
 */
export function createNotificationDelivery(deps: {
  models: Models;
  clock: Clock;
  once: Pick<Once, 'take' | 'peek' | 'give'>;
  settings: Config['notifications'];
  messenger: WechatMessenger;
  logger: Logger;
}) {
  const { models, clock, once, settings, messenger, logger } = deps;
  // an attempt takes at most four calls (token, send, renewed token, send again)
  const staleMs = settings.timeoutMs * 10;
  const byId = new Map(Object.values(settings.templates).map((t) => [t.id, t]));

  const finish = (id: string, set: Partial<NotificationRecord>) =>
    models.Notification.updateOne({ _id: id }, { $set: set });

  async function takeCredit(n: NotificationRecord): Promise<string | null> {
    if (n.wxCreditId) return n.wxCreditId;
    const credits = await models.SubscribeCredit.find({
      userId: n.userId,
      templateId: n.wxTemplateId,
      usedFor: null,
    }).lean();
    credits.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const credit of credits) {
      if (!(await once.take(`credit:${credit._id}`))) continue;
      await models.SubscribeCredit.updateOne({ _id: credit._id }, { $set: { usedFor: n._id } });
      await finish(n._id, { wxCreditId: credit._id });
      return credit._id;
    }
    return null;
  }

  /** A credit whose message never reached WeChat goes back to her. */
  async function release(creditId: string): Promise<void> {
    await models.SubscribeCredit.updateOne({ _id: creditId }, { $set: { usedFor: null } });
    await once.give(`credit:${creditId}`);
  }

  async function deliverOne(n: NotificationRecord): Promise<boolean> {
    const key = `wx:${n._id}:${n.wxAttempts}`;
    if (!(await once.take(key))) {
      const held = await once.peek(key);
      if (held && clock.now().getTime() - held.at.getTime() > staleMs) {
        const current = await models.Notification.findById(n._id, { wx: 1, wxAttempts: 1 }).lean();
        if (current?.wx === 'pending' && current.wxAttempts === n.wxAttempts)
          await finish(n._id, { wx: 'failed', wxError: 'an attempt stopped half-way; not sent again' });
      }
      return false;
    }
    const template = n.wxTemplateId ? byId.get(n.wxTemplateId) : undefined;
    const user = await models.User.findById(n.userId, { openid: 1 }).lean();
    if (!template || !user) {
      await finish(n._id, { wx: 'failed', wxError: template ? 'no such resident' : 'template no longer configured' });
      return false;
    }
    const creditId = await takeCredit(n);
    if (!creditId) {
      await finish(n._id, { wx: 'unsubscribed' });
      return false;
    }
    const outcome = await messenger.send({
      touser: user.openid,
      template_id: template.id,
      ...(n.page ? { page: n.page } : {}),
      data: templateData(template, {
        ...n.facts,
        reason: n.reason,
        title: n.title,
        body: n.body,
        createdAt: n.createdAt,
      }),
    });
    const now = clock.now();
    const attempts = n.wxAttempts + 1;
    if (outcome.kind === 'sent') {
      await finish(n._id, { wx: 'sent', wxSentAt: now, wxAttempts: attempts, wxError: null });
      return true;
    }
    if (outcome.kind === 'refused') {
      // WeChat keeps the count: she has none of this template left, whatever ours said
      await models.SubscribeCredit.updateMany(
        { userId: n.userId, templateId: template.id, usedFor: null },
        { $set: { usedFor: 'void' } },
      );
      await finish(n._id, { wx: 'refused', wxAttempts: attempts, wxError: outcome.error });
      return false;
    }
    if (outcome.kind === 'rejected' || attempts >= settings.maxAttempts) {
      await release(creditId);
      await finish(n._id, { wx: 'failed', wxAttempts: attempts, wxError: outcome.error });
      logger.error(
        { notification: n._id, reason: n.reason, attempts, error: outcome.error },
        'subscription message given up',
      );
      return false;
    }
    const delay = Math.min(settings.backoffSeconds * 2 ** (attempts - 1), settings.maxBackoffSeconds);
    await finish(n._id, {
      wxAttempts: attempts,
      wxNextAt: new Date(now.getTime() + delay * 1000),
      wxError: outcome.error,
    });
    logger.warn({ notification: n._id, attempts, error: outcome.error }, 'subscription message failed; will retry');
    return false;
  }

  return {
    /** Sends the due messages one at a time, oldest due first; answers how many were sent. */
    async deliverDue(limit = 100): Promise<number> {
      if (byId.size === 0) return 0;
      const now = clock.now().getTime();
      // by equality only (served by the index on FerretDB); the time is compared here
      const pending = await models.Notification.find({ wx: 'pending' }).limit(1000).lean<NotificationRecord[]>();
      const due = pending
        .filter((n) => (n.wxNextAt?.getTime() ?? 0) <= now)
        .sort((a, b) => (a.wxNextAt?.getTime() ?? 0) - (b.wxNextAt?.getTime() ?? 0))
        .slice(0, limit);
      let sent = 0;
      for (const n of due) if (await deliverOne(n)) sent += 1;
      return sent;
    },
  };
}

export type NotificationDelivery = ReturnType<typeof createNotificationDelivery>;
