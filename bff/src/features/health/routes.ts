import mongoose, { type Connection } from 'mongoose';
import { Health } from '@bianmin/shared';
import type { AppRouter, Mount } from '../../http/route';

/** Answers whether the database replies to a ping within `timeoutMs`. Never throws. */
export async function pingDatabase(conn: Connection, timeoutMs: number): Promise<boolean> {
  const db = conn.db;
  if (!db || conn.readyState !== mongoose.ConnectionStates.connected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db.command({ ping: 1 }, { timeoutMS: timeoutMs }).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

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
