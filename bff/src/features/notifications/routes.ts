import { authOf } from '../../http/auth';
import type { AppRouter, Mount } from '../../http/route';
import type { NotificationService } from './service';

/** The resident's messages (消息) and what she accepted in WeChat. */
export function notificationRoutes(
  router: AppRouter,
  mount: Mount,
  { service }: { service: NotificationService },
): void {
  mount(router, 'listNotifications', (ctx) => service.list(authOf(ctx).subjectId));
  mount(router, 'unreadNotifications', async (ctx) => ({ unread: await service.unread(authOf(ctx).subjectId) }));
  mount(router, 'readNotifications', async (ctx, { body }) => ({
    unread: await service.read(authOf(ctx).subjectId, body.ids),
  }));
  mount(router, 'subscribeTemplates', () => ({ templates: service.templates() }));
  mount(router, 'subscribe', (ctx, { body }) => service.subscribe(authOf(ctx).subjectId, body.accepted));
}
