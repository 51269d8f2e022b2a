import type { WebhookFailure } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { OutboxService } from './service';

/** The supervisors' view of webhook messages given up for good, and sending one again. */
export function outboxRoutes(router: AppRouter, mount: Mount, { outbox }: { outbox: OutboxService }): void {
  mount(router, 'listWebhookFailures', async (_ctx, { query }) => {
    const { total, items } = await outbox.failures(query.page, query.pageSize);
    return {
      total,
      page: query.page,
      pageSize: query.pageSize,
      items: items.map((m): WebhookFailure => ({
        id: m._id,
        type: m.type,
        attempts: m.attempts,
        lastError: m.lastError ?? null,
        createdAt: m.createdAt.toISOString(),
        failedAt: (m.failedAt ?? m.createdAt).toISOString(),
      })),
    };
  });
  mount(router, 'resendWebhook', async (_ctx, { params }) => {
    if (!(await outbox.resend(params.id))) throw new AppError('NOT_FOUND', '没有这条没送达的消息。');
  });
}
