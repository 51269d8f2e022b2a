import type { Connection } from 'mongoose';
import { Health } from '@bianmin/shared';
import { pingDatabase } from '../../db/connect';
import type { AppRouter, Mount } from '../../http/route';

/** `GET /api/health`: 200 `{ok: true, db: 'up'}`, or 503 `{ok: false, db: 'down'}` with `Retry-After`. */
export function healthRoutes(router: AppRouter, mount: Mount, { conn }: { conn: Connection }): void {
  mount(router, 'health', async (ctx) => {
    const up = await pingDatabase(conn, 1500);
    if (!up) {
      ctx.set('Retry-After', '5');
      ctx.status = 503;
      const down = Health.parse({ ok: false, db: 'down' });
      ctx.body = down;
      return down;
    }
    return { ok: true, db: 'up' };
  });
}
