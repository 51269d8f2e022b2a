import { AppError, found } from '../../http/errors';
import { authOf } from '../../http/auth';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import { retryAfterSeconds } from '../../lib/limits';
import type { HelpFeature } from './feature';
import { streamEvents } from './stream';

/**
 * A burst of help creations (or of messages) from one resident is refused with a calm message;
 * others are not affected. Kept in the database (lib/limits.ts), so it holds across BFF
 * instances. Which taps and messages are counted at all is the service's call (a retry of one
 * that was taken is not, a refused one is again).
 */
function perMinute(
  feature: HelpFeature,
  name: string,
  userId: string,
  max: number,
  code: 'HELP_RATE_LIMITED' | 'HELP_MESSAGE_RATE_LIMITED',
) {
  return async () => {
    const outcome = await feature.limits.take(name, userId, { max, windowMs: 60_000 });
    if (!outcome.ok) {
      throw new AppError(code, undefined, {
        retryAfterSeconds: retryAfterSeconds(outcome),
      });
    }
  };
}

/** The per-minute limit of one resident's messages, in words and voice alike. */
export function messageLimit(feature: HelpFeature, userId: string) {
  return perMinute(
    feature,
    'help-message',
    userId,
    feature.settings.messageLimitPerMinute,
    'HELP_MESSAGE_RATE_LIMITED',
  );
}

/** The resident's help endpoints (`/api/help…`). */
export function residentHelpRoutes(router: AppRouter, mount: Mount, feature: HelpFeature): void {
  const { resident } = feature.service;
  const me = (ctx: Parameters<typeof authOf>[0]) => authOf(ctx).subjectId;

  mount(router, 'createHelp', async (ctx, { body }) => ({
    help: await resident.tap(
      me(ctx),
      body,
      perMinute(feature, 'help-create', me(ctx), feature.settings.createLimitPerMinute, 'HELP_RATE_LIMITED'),
    ),
  }));
  mount(router, 'listHelp', (ctx) => resident.list(me(ctx)));
  mount(router, 'getHelp', async (ctx, { params }) => found(await resident.get(me(ctx), params.id)));
  mount(router, 'updateHelpDetails', async (ctx, { params, body }) =>
    found(await resident.details(me(ctx), params.id, body)),
  );
  mount(router, 'sendHelpMessage', async (ctx, { params, body }) =>
    found(await resident.message(me(ctx), params.id, body, messageLimit(feature, me(ctx)))),
  );
  mount(router, 'cancelHelp', async (ctx, { params }) => found(await resident.cancel(me(ctx), params.id)));
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
