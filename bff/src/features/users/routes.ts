import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { UserService } from './service';

/** The signed-in resident's own profile: elder mode, birth year, phone, nickname. */
export function userRoutes(router: AppRouter, mount: Mount, { users }: { users: UserService }): void {
  mount(router, 'getMe', async (ctx) => found(await users.get(authOf(ctx).subjectId)));

  mount(router, 'patchMe', async (ctx, { body }) => found(await users.update(authOf(ctx).subjectId, body)));
}
