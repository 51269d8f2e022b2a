import { authOf } from '../../http/auth';
import { found } from '../../http/errors';
import type { AppRouter, Mount } from '../../http/route';
import { tokenFromQuery } from '../../http/sse';
import type { AppContext } from '../../http/state';
import type { HelpFeature } from './feature';
import { streamEvents } from './stream';

/** The workbench endpoints (`/api/agent/…`): staff, and supervisor-only views. */
export function agentHelpRoutes(router: AppRouter, mount: Mount, feature: HelpFeature): void {
  const { agent } = feature.service;
  const me = (ctx: AppContext) => authOf(ctx).subjectId;

  mount(router, 'getAgentMe', async (ctx) => found(await agent.me(me(ctx))));
  mount(router, 'setAgentPresence', async (ctx, { body }) => found(await agent.setPresence(me(ctx), body.presence)));
  mount(router, 'agentHeartbeat', async (ctx) => {
    await feature.presence.touch(me(ctx));
    return { serverTime: feature.clock.now().toISOString(), everyMs: feature.settings.presenceRefreshMs };
  });
  mount(router, 'listAgents', async () => ({ items: await agent.agents() }));
  mount(router, 'getAgentQueue', (ctx) => agent.queue(me(ctx)));
  mount(router, 'getAgentHelp', async (_ctx, { params }) => found(await agent.get(params.id)));
  mount(router, 'claimHelp', async (ctx, { params }) => found(await agent.claim(me(ctx), params.id)));
  mount(router, 'sendAgentMessage', async (ctx, { params, body }) =>
    found(await agent.message(me(ctx), params.id, body.text)),
  );
  mount(router, 'addHelpNote', async (ctx, { params, body }) => found(await agent.note(me(ctx), params.id, body.text)));
  mount(router, 'setHelpStatus', async (ctx, { params, body }) =>
    found(await agent.setStatus(me(ctx), params.id, body.status)),
  );
  mount(router, 'recordHelpCall', async (ctx, { params, body }) => found(await agent.call(me(ctx), params.id, body)));
  mount(router, 'askHelpPhone', async (ctx, { params }) => found(await agent.askPhone(me(ctx), params.id)));
  mount(router, 'transferHelp', async (ctx, { params, body }) => found(await agent.transfer(me(ctx), params.id, body)));
  mount(router, 'resolveHelp', async (ctx, { params, body }) =>
    found(await agent.resolve(me(ctx), params.id, body.summary)),
  );

  router.use('/api/agent/events', tokenFromQuery());
  mount(router, 'agentEvents', (ctx) => {
    // an open workbench stream is her being there (agents/presence.ts), for as long as it lasts
    const release = feature.presence.hold(me(ctx));
    const stream = streamEvents(ctx, feature.live, {
      filter: { staff: { $ne: null } },
      pick: (e) => (e.staff ? { event: e.type, data: e.staff } : null),
      maxMs: feature.settings.agentStreamMaxMs,
    });
    void stream.done.then(release);
    return Promise.resolve();
  });

  mount(router, 'supervisorOverview', () => feature.service.overview());
  mount(router, 'reassignHelp', async (ctx, { params, body }) => found(await agent.reassign(me(ctx), params.id, body)));
  mount(router, 'listEscalations', () => feature.service.escalations());
  mount(router, 'getHelpReport', (_ctx, { query }) => feature.service.report(query.from, query.to));
}
