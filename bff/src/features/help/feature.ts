import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { AppRouter, Mount } from '../../http/route';
import { createStreamSessions } from '../../http/sse';
import type { Clock } from '../../lib/clock';
import type { Live } from '../../lib/events/live';
import type { Limits } from '../../lib/limits';
import { createOnce } from '../../lib/once';
import type { Job } from '../../lib/runner';
import type { Logger } from '../../lib/logger';
import { createPresence } from '../agents/presence';
import { createNoticeService } from '../notices/service';
import { createOutboxService } from '../outbox/service';
import { agentHelpRoutes } from './routes-agent';
import { residentHelpRoutes } from './routes-resident';
import type { HelpRequestRecord } from './model';
import { createHelpService } from './service';
import { createVoiceStore } from './voices';
import { voiceRoutes } from './routes-voices';

/** How often the reports' hours marked by writes are summed again. */
const ROLLUP_EVERY_MS = 10_000;

/**
 * Everything help needs, wired: the live events (store + poller), the webhook outbox and the
 * service. `start()` runs the background loops (server only); tests call `tick()`,
 * `live.poller.poll()` and `outbox.deliverDue()` themselves.
 */

export function createHelpFeature(deps: {
  models: Models;
  clock: Clock;
  config: Config;
  logger: Logger;
  limits: Limits;
  /** The instance's live events (lib/events/live.ts). */
  live: Live;
  /** Whether a session still stands (auth service): open streams are ended when it does not. */
  sessionAlive: (sessionId: string) => Promise<boolean>;
  fetch?: typeof fetch;
  /** Told of every request just resolved (follow-up sampling). */
  onResolved?: (doc: HelpRequestRecord) => Promise<void>;
  /** Told of every agent message (the resident's 消息). */
  onAgentMessage?: (doc: HelpRequestRecord, text: string, agentName: string | null) => Promise<void>;
}) {
  const { models, clock, config, logger, limits } = deps;
  const settings = config.help;
  const { store, poller, events } = deps.live;
  const once = createOnce({ models, clock });
  const outbox = createOutboxService({
    models,
    clock,
    once,
    settings: settings.webhook,
    logger,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const presence = createPresence({
    models,
    clock,
    windowMs: settings.presenceWindowMs,
    refreshMs: settings.presenceRefreshMs,
  });
  const sessions = createStreamSessions({
    check: deps.sessionAlive,
    intervalMs: config.auth.streamCheckMs,
    onError: (err) => logger.warn({ err }, 'stream session check failed'),
  });
  // stateless reads of the notices collection: the same service the work-order feature builds
  const notices = createNoticeService({ models, clock });
  const voices = createVoiceStore({ conn: models.HelpRequest.db, clock });
  const service = createHelpService({
    models,
    clock,
    settings,
    voices,
    events,
    outbox,
    once,
    presence,
    notices,
    ...(deps.onResolved ? { onResolved: deps.onResolved } : {}),
    ...(deps.onAgentMessage ? { onAgentMessage: deps.onAgentMessage } : {}),
  });

  return {
    models,
    clock,
    settings,
    limits,
    service,
    voices,
    outbox,
    presence,
    live: { poller, store, sessions, heartbeatMs: settings.sseHeartbeatSeconds * 1000 },
    tick: service.tick,
    /** Starts polling events for this instance's live streams. */
    start(): void {
      poller.start();
    },
    stop(): void {
      poller.stop();
    },
    /** The help tick and webhook delivery: background work for the one runner (lib/runner.ts). */
    jobs(): Job[] {
      return [
        { name: 'help-tick', everyMs: settings.tickMs, run: service.tick },
        // the reports' rollups: requests of older versions get their days and hours once, then
        // the hours marked by writes are recomputed. Every ROLLUP_EVERY_MS, not every tick: a
        // report reads an hour still marked from its requests, so this only saves readers work,
        // and under load the current hour is marked again within the second (the bench: 263 ms
        // a run, every second)
        {
          name: 'help-rollups',
          everyMs: Math.max(settings.tickMs, ROLLUP_EVERY_MS),
          run: async () => {
            await service.rollups.backfill();
            await service.rollups.settle();
          },
        },
        ...(outbox.enabled
          ? [{ name: 'webhook-delivery', everyMs: settings.webhook.intervalMs, run: () => outbox.deliverDue() }]
          : []),
      ];
    },
  };
}

export type HelpFeature = ReturnType<typeof createHelpFeature>;

/** Mounts the resident and workbench endpoints of help. */
export function helpRoutes(router: AppRouter, mount: Mount, feature: HelpFeature): void {
  residentHelpRoutes(router, mount, feature);
  voiceRoutes(router, mount, feature);
  agentHelpRoutes(router, mount, feature);
}
