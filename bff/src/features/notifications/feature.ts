import { outageLabels, residentWorkOrderStatusLabels, type WorkOrderStatus } from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import { eachOf } from '../../db/query';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { createOnce } from '../../lib/once';
import type { Job } from '../../lib/runner';
import { createWechatMessenger, type WechatMessenger } from '../../lib/wechat-message';
import type { HelpRequestRecord } from '../help/model';
import type { NoticeRecord } from '../notices/model';
import { whenText } from '../notices/service';
import type { WorkOrderRecord, WorkOrderStepRecord } from '../workorders/model';
import { createNotificationDelivery } from './delivery';
import { createNotificationService } from './service';
import { cut } from './templates';

/** The steps of an order she is told of: someone took it, is coming, came, finished. */
const TOLD_STEPS = new Set<WorkOrderStatus>(['accepted', 'on_the_way', 'arrived', 'rescheduled', 'completed']);

/**
 * Messages (消息), wired: the service the app reads, the delivery job for the one runner, and
 * the small hooks the other features call where things happen (a help request answered, a step
 * of a work order, an outage notice published). Bill reminders come from the family feature.
 */
export function createNotificationFeature(deps: {
  models: Models;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** Stands in for WeChat's API client (tests use the real one against a stand-in server). */
  messenger?: WechatMessenger;
}) {
  const { models, clock, config, logger } = deps;
  const settings = config.notifications;
  const service = createNotificationService({ models, clock, settings });
  const messenger =
    deps.messenger ??
    createWechatMessenger({
      ...config.wechat,
      miniprogramState: settings.miniprogramState,
      timeoutMs: settings.timeoutMs,
      now: () => clock.now().getTime(),
    });
  const delivery = createNotificationDelivery({
    models,
    clock,
    once: createOnce({ models, clock }),
    settings,
    messenger,
    logger,
  });

  return {
    service,
    delivery,
    notify: service.notify,
    notifyAll: service.notifyAll,

    /** The first answer of an agent to a help request (later ones she reads in the chat). */
    async helpAnswered(doc: Pick<HelpRequestRecord, '_id' | 'userId'>, text: string, agentName: string | null) {
      await service.notify({
        userId: doc.userId,
        reason: 'helpAnswered',
        subject: String(doc._id),
        title: '客服回复了您的求助',
        body: cut(`${agentName ?? '客服'}：${text}`, 60),
        page: `pages/help/index?id=${String(doc._id)}`,
        facts: { status: '已回复' },
      });
    },

    /** A step of a work order that changes what she waits for. */
    async workOrderStep(step: WorkOrderStepRecord, order: WorkOrderRecord) {
      const to = step.to;
      if (!order.userId || step.from === to || !TOLD_STEPS.has(to)) return;
      const label = residentWorkOrderStatusLabels[to];
      await service.notify({
        userId: order.userId,
        reason: 'workOrderStep',
        subject: step._id,
        title: `报修进度：${label}`,
        body: `工单 ${order.no}：${label}。`,
        page: `packages/repair/order/index?id=${String(order._id)}`,
        facts: { status: label, account: order.no, date: step.at.toISOString() },
      });
    },

    /** A new outage notice, to every resident with an account of that utility in the district. */
    async outage(notice: NoticeRecord) {
      const accounts = await models.UtilityAccount.find(
        { district: notice.district, utility: notice.utility },
        { _id: 1 },
      ).lean();
      const bindings = await eachOf(
        accounts.map((a) => String(a._id)),
        (accountId) => models.AccountBinding.find({ accountId }, { userId: 1 }).lean(),
      );
      const residents = [...new Set(bindings.map((b) => String(b.userId)))];
      for (const userId of residents) {
        await service.notify({
          userId,
          reason: 'outage',
          subject: String(notice._id),
          title: notice.title,
          body: `${notice.title}：${whenText(notice)}`,
          page: 'pages/index/index',
          facts: { date: notice.startsAt.toISOString(), status: outageLabels[notice.utility] },
        });
      }
    },

    /** The retention sweep and WeChat delivery (none without a template), for the one runner. */
    jobs(): Job[] {
      return [
        { name: 'notification-sweep', everyMs: 6 * 3_600_000, run: () => service.sweep() },
        ...(Object.keys(settings.templates).length === 0
          ? []
          : [{ name: 'notification-delivery', everyMs: settings.intervalMs, run: () => delivery.deliverDue() }]),
      ];
    },
  };
}

export type NotificationFeature = ReturnType<typeof createNotificationFeature>;
