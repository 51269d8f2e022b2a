import { AppError, found } from '../../http/errors';
import { authOf } from '../../http/auth';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import type { AppMiddleware } from '../../http/state';
import type { HelpFeature } from './feature';
import { streamEvents } from './stream';

/** A burst of help creations from one resident is refused with a calm message; others are not affected. */
function helpCreateLimit(feature: HelpFeature): AppMiddleware {
  const minute = 60_000;
  return async function helpCreateLimit(ctx, next) {
    const userId = authOf(ctx).subjectId;
    const clientKey = (ctx.state.body as { clientKey?: unknown } | undefined)?.clientKey;
    // a retry of a tap already counted makes no new request: never refuse it
    if (
      typeof clientKey === 'string' &&
      !(await feature.limits.take('help-tap', `${userId}:${clientKey}`, { max: 1, windowMs: minute })).ok
    ) {
      await next();
      return;
    }
    const outcome = await feature.limits.take('help-create', userId, {
      max: feature.settings.createLimitPerMinute,
      windowMs: minute,
    });
    if (!outcome.ok) {
      throw new AppError('HELP_RATE_LIMITED', undefined, {
        retryAfterSeconds: Math.max(1, Math.ceil(outcome.resetInMs / 1000)),
      });
    }
    await next();
  };
}

/** The resident's help endpoints (`/api/help…`). */
export function residentHelpRoutes(router: AppRouter, mount: Mount, feature: HelpFeature): void {
  const { resident } = feature.service;
  const me = (ctx: Parameters<typeof authOf>[0]) => authOf(ctx).subjectId;

  mount(
    router,
    'createHelp',
    async (ctx, { body }) => ({ help: await resident.create(me(ctx), body) }),
    helpCreateLimit(feature),
  );
  mount(router, 'listHelp', (ctx) => resident.list(me(ctx)));
  mount(router, 'getHelp', async (ctx, { params }) => found(await resident.get(me(ctx), params.id)));
  mount(router, 'updateHelpDetails', async (ctx, { params, body }) =>
    found(await resident.details(me(ctx), params.id, body)),
  );
  mount(router, 'sendHelpMessage', async (ctx, { params, body }) =>
    found(await resident.message(me(ctx), params.id, body.text)),
  );
  mount(router, 'requestHelpCallback', async (ctx, { params, body }) =>
    found(await resident.requestCallback(me(ctx), params.id, body)),
  );
  mount(router, 'answerHelpSurvey', async (ctx, { params, body }) =>
    found(await resident.survey(me(ctx), params.id, body)),
  );

  router.use('/api/help/:id/events', tokenFromQuery());
  mount(router, 'helpEvents', async (ctx, { params }) => {
    if (!(await resident.owns(me(ctx), params.id))) throw new AppError('NOT_FOUND');
    streamEvents(ctx, feature.live, {
      filter: { helpId: params.id, resident: { $ne: null } },
      pick: (e) =>
        e.helpId === params.id && e.resident && e.residentType ? { event: e.residentType, data: e.resident } : null,
    });
  });
}
