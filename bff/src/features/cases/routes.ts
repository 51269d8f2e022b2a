import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import type { Models } from '../../db/models';
import type { CaseService } from './service';

/** The case library (案例库): staff keep resolved requests and finished complaint orders as cases and read them. */
export function caseRoutes(router: AppRouter, mount: Mount, deps: { cases: CaseService; models: Models }): void {
  const { cases, models } = deps;
  mount(router, 'createCase', async (ctx, { body }) => {
    const id = authOf(ctx).subjectId;
    const name = (await models.Agent.findById(id, { displayName: 1 }).lean())?.displayName ?? '';
    return found(await cases.create({ id, name }, body));
  });
  mount(router, 'listCases', (_ctx, { query }) => cases.list(query));
  mount(router, 'helpCases', async (_ctx, { params }) => found(await cases.besideRequest(params.id)));
  mount(router, 'orderCases', async (_ctx, { params }) => found(await cases.besideOrder(params.id)));
}
