import type { StreamSessions } from '../../http/sse';
import type { Config } from '../../config';
import type { AppRouter, Mount } from '../../http/route';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import type { EventPoller } from '../../lib/events/poller';
import type { EventStore } from '../../lib/events/store';
import type { Limits } from '../../lib/limits';
import { noticeRoutes } from '../notices/routes';
import { createNoticeService } from '../notices/service';
import { unitRoutes } from '../units/routes';
import type { OutboxService } from '../outbox/service';
import { createUnitService } from '../units/service';
import { createAssessment } from './assessment';
import { createWorkOrderCore, stepsOf, type Publisher, type WorkOrderDeps } from './core';
import { createOrderCreation } from './create';
import { createDesk } from './desk';
import { createFieldWork } from './field';
import { createIncidents } from './incidents';
import type { WorkOrderRecord, WorkOrderStepRecord } from './model';
import type { NoticeRecord } from '../notices/model';
import { createPhotoStore } from './photos';
import { createPresenter } from './present';
import { createResidentOrders } from './resident';
import { deskRoutes } from './routes-desk';
import { fieldRoutes } from './routes-field';
import { photoRoutes } from './routes-photos';
import { residentWorkOrderRoutes } from './routes-resident';
import { createWorkOrderTicker } from './tick';
import type { Job } from '../../lib/runner';

/** How often the background job counts the days of 单位考核 changed since their sums. */
const STINT_DAYS_EVERY_MS = 60_000;

/**
 * Work orders, units and notices, wired. The live events and the webhook outbox are help's (one
 * poller and one delivery loop per instance); `start()` runs the work-order tick (server only);
 * tests call `tick()` with a manual clock.
 */
export function createWorkOrderFeature(deps: {
  models: Models;
  clock: Clock;
  config: Config;
  limits: Limits;
  /** Help's live events, with the stream sessions that end a stream when its session ends. */
  live: { poller: EventPoller; store: EventStore; sessions: StreamSessions; heartbeatMs: number };
  outbox: OutboxService;
  /** Told of every order whose 回单 was accepted (对单通过): follow-up sampling. At least once. */
  onChecked?: (order: WorkOrderRecord) => Promise<void>;
  /** Told of every step published (the resident's 消息). At least once. */
  onStep?: (step: WorkOrderStepRecord, order: WorkOrderRecord) => Promise<void>;
  /** Told of every outage notice published. */
  onNotice?: (notice: NoticeRecord) => Promise<void>;
}) {
  const { models, clock, config, live } = deps;
  const settings = config.workorders;
  const units = createUnitService({ models });
  const notices = createNoticeService({ models, clock, ...(deps.onNotice ? { onCreated: deps.onNotice } : {}) });
  // an event written here reaches this instance's streams at once, not at the next poll
  const events: EventStore = {
    ...live.store,
    async append(event) {
      const seq = await live.store.append(event);
      live.poller.kick();
      return seq;
    },
  };
  const base = {
    models,
    clock,
    settings,
    emergency: config.help.emergency,
    events,
    outbox: deps.outbox,
    units,
    notices,
    photos: createPhotoStore({ conn: models.WorkOrder.db, clock }),
    limits: deps.limits,
  } satisfies WorkOrderDeps;
  const present = createPresenter(base, (orderId) => stepsOf(models, orderId));
  const publisher: Publisher = {
    async publish(step, order, recovering) {
      await present.publisher.publish(step, order, recovering);
      if (step.action === 'check_accepted') await deps.onChecked?.(order);
      await deps.onStep?.(step, order);
    },
  };
  const core = createWorkOrderCore(base, publisher);
  const incidents = createIncidents(base, core);
  const creation = createOrderCreation(
    {
      ...base,
      onCreated: async (order) => {
        await incidents.report(order);
      },
    },
    core,
  );
  const tick = createWorkOrderTicker(base, core, creation, incidents);
  const assessment = createAssessment(base);

  return {
    models,
    clock,
    settings,
    units,
    notices,
    photos: base.photos,
    present,
    core,
    creation,
    incidents,
    field: createFieldWork(base, core),
    desk: createDesk(base, core, creation),
    resident: createResidentOrders(base, core, creation),
    assessment,
    live,
    tick,
    /** The work-order tick, for the one runner (the live events and the outbox are help's). */
    jobs(): Job[] {
      return [
        { name: 'workorder-tick', everyMs: settings.tickMs, run: tick },
        // 单位考核's day sums: each day with a step since its sum is counted again, once a minute
        // (a reader counts a day changed since its sum from its steps, so it is never behind)
        { name: 'workorder-days', everyMs: STINT_DAYS_EVERY_MS, run: () => assessment.days.settle() },
      ];
    },
  };
}

export type WorkOrderFeature = ReturnType<typeof createWorkOrderFeature>;

/** Mounts the work-order, unit and notice endpoints. */
export function workOrderRoutes(router: AppRouter, mount: Mount, feature: WorkOrderFeature, limits: Limits): void {
  residentWorkOrderRoutes(router, mount, feature);
  photoRoutes(router, mount, feature, limits);
  fieldRoutes(router, mount, feature);
  deskRoutes(router, mount, feature);
  unitRoutes(router, mount, { units: feature.units });
  noticeRoutes(router, mount, { notices: feature.notices, models: feature.models });
}
