import { Types } from 'mongoose';
import type { EmergencySettings, WorkOrderAction, WorkOrderActor, WorkOrderStatus } from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { EventStore } from '../../lib/events/store';
import type { Limits } from '../../lib/limits';
import { pause } from '../../lib/once';
import type { NoticeService } from '../notices/service';
import type { OutboxService } from '../outbox/service';
import type { UnitService } from '../units/service';
import type { WorkOrderRecord, WorkOrderStepRecord } from './model';
import type { PhotoStore } from './photos';
import { markStintDay } from './stint-days';
import { stintDayOf } from './stints';
import type { StepDetail } from './view';
import { isDuplicateKey } from '../../db/query';

export interface WorkOrderDeps {
  models: Models;
  clock: Clock;
  settings: Config['workorders'];
  emergency: EmergencySettings;
  /** The live events (shared with help: one poller per instance). */
  events: EventStore;
  outbox: OutboxService;
  units: UnitService;
  notices: NoticeService;
  photos: PhotoStore;
  /** Limits kept in the database (reports per resident). */
  limits: Limits;
}

/** Who made a step. */
export interface Actor {
  kind: WorkOrderActor;
  id: string | null;
  name: string | null;
}
export const SYSTEM: Actor = { kind: 'system', id: null, name: null };

/** A step to take: what it did, the fields it sets (absolute values), what people read of it. */
export interface Change {
  action: WorkOrderAction;
  set: Record<string, unknown>;
  detail?: StepDetail;
}

/** What publishing a step sends: built by the feature (views need units, notices, steps). */
export interface Publisher {
  publish(step: WorkOrderStepRecord, order: WorkOrderRecord, recovering: boolean): Promise<void>;
}

/** The steps of an order, in order. */
export function stepsOf(models: Models, orderId: string): Promise<WorkOrderStepRecord[]> {
  return models.WorkOrderStep.find({ orderId }).sort({ n: 1 }).lean<WorkOrderStepRecord[]>().exec();
}

/** The step's primary key: the order and the step's number, zero-padded so keys sort by number. */
export const stepId = (orderId: string, n: number) => `${orderId}:${String(n).padStart(5, '0')}`;

/** A step a writer left unpublished this long is published by the tick. */
export const RECOVER_AFTER_MS = 15_000;

/**
 * The order's step machinery. A change is a step inserted under the order's next number: the
 * insert is the one write FerretDB applies atomically, so two writers never both take step n.
 * The winner applies the step to the order (a plain `$set` of absolute values, harmless if
 * repeated), then publishes it (live event, webhook message). A writer that finds step n taken
 * applies it first (it may have been left half-way) and plans again on the state after it.
 */
export function createWorkOrderCore(deps: WorkOrderDeps, publisher: Publisher) {
  const { models, clock } = deps;

  async function insertStep(step: WorkOrderStepRecord): Promise<boolean> {
    try {
      await models.WorkOrderStep.create(step);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Applies `step` to its order if the order is at it; answers the order as it is after. */
  async function apply(step: WorkOrderStepRecord): Promise<WorkOrderRecord | null> {
    if (step.n === 0) {
      await models.WorkOrder.create({
        ...(step.set as Record<string, unknown>),
        _id: step.orderId,
        n: 1,
        createdAt: step.at,
        updatedAt: step.at,
      }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
      return models.WorkOrder.findById(step.orderId).lean<WorkOrderRecord>();
    }
    const after = await models.WorkOrder.findOneAndUpdate(
      { _id: step.orderId, n: step.n },
      { $set: { ...(step.set as Record<string, unknown>), n: step.n + 1, updatedAt: step.at } },
      { returnDocument: 'after' },
    ).lean<WorkOrderRecord>();
    return after ?? models.WorkOrder.findById(step.orderId).lean<WorkOrderRecord>();
  }

  /** Applies every step taken but not yet applied (a writer stopped between insert and apply). */
  async function catchUp(orderId: string): Promise<WorkOrderRecord | null> {
    let order = await models.WorkOrder.findById(orderId).lean<WorkOrderRecord>();
    for (;;) {
      const n = order?.n ?? 0;
      const next = await models.WorkOrderStep.findById(stepId(orderId, n)).lean<WorkOrderStepRecord>();
      if (!next) return order;
      order = await apply(next);
      if (!order || order.n <= n) return order;
    }
  }

  function stepOf(order: WorkOrderRecord | null, orderId: string, actor: Actor, change: Change): WorkOrderStepRecord {
    const at = clock.now();
    const stintDay = stintDayOf(change.action, at, order);
    // a dispatch gives the order the day its next steps are counted under
    const set = change.action === 'dispatched' ? { ...change.set, stintDay } : change.set;
    const to = (set.status as WorkOrderStatus | undefined) ?? order?.status;
    if (!to) throw new Error('a step must name the status it leaves the order in');
    const toUnitId = 'unitId' in set ? ((set.unitId as string | null) ?? null) : (order?.unitId ?? null);
    return {
      _id: stepId(orderId, order?.n ?? 0),
      orderId,
      n: order?.n ?? 0,
      at,
      action: change.action,
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name,
      from: order?.status ?? null,
      to,
      fromUnitId: order?.unitId ?? null,
      toUnitId,
      detail: change.detail ?? {},
      set,
      published: false,
      stintDay,
    };
  }

  async function settle(step: WorkOrderStepRecord, order: WorkOrderRecord, recovering = false): Promise<void> {
    await publisher.publish(step, order, recovering);
    // before the step counts as published, so a writer that stops here is marked by `recover`
    if (step.stintDay) await markStintDay(models, clock, step.stintDay);
    await models.WorkOrderStep.updateOne({ _id: step._id }, { $set: { published: true } });
  }

  return {
    apply,
    catchUp,

    /**
     * Creates order `orderId` as its step 0 (the creation). The id comes from the caller: the
     * same submission (client key, or the help request) always names the same id, so a retry
     * finds the order it made. Answers the order and whether this call created it.
     */
    async create(
      orderId: string,
      actor: Actor,
      fields: Record<string, unknown>,
      detail: StepDetail,
    ): Promise<{ order: WorkOrderRecord; created: boolean }> {
      const step = stepOf(null, orderId, actor, { action: 'created', set: fields, detail });
      if (!(await insertStep(step))) {
        const order = await catchUp(orderId);
        if (!order) throw new AppError('CONFLICT');
        return { order, created: false };
      }
      const order = await apply(step);
      if (!order) throw new AppError('CONFLICT');
      await settle(step, order);
      return { order, created: true };
    },

    /**
     * Takes the next step of an order: `plan` sees the order as it is and answers the change,
     * null when there is nothing to do (a step pressed twice), or throws an AppError to refuse.
     * `scope` narrows who may touch it (a resident's own, a unit's): outside it, null (a 404).
     */
    async commit(
      orderId: string,
      actor: Actor,
      plan: (order: WorkOrderRecord) => Change | null,
      scope: Record<string, unknown> = {},
    ): Promise<{ order: WorkOrderRecord; step: WorkOrderStepRecord | null } | null> {
      if (!Types.ObjectId.isValid(orderId)) return null;
      for (let attempt = 0; attempt < 30; attempt++) {
        if (attempt > 0) await pause(Math.min(5 * attempt, 50));
        const order = await models.WorkOrder.findOne({ _id: orderId, ...scope }).lean<WorkOrderRecord>();
        if (!order) return null;
        const change = plan(order);
        if (!change) return { order, step: null };
        const step = stepOf(order, orderId, actor, change);
        if (!(await insertStep(step))) {
          // someone else took this step: bring the order up to it, then plan again
          await catchUp(orderId);
          continue;
        }
        const after = (await apply(step)) ?? order;
        await settle(step, after);
        return { order: after, step };
      }
      throw new AppError('CONFLICT');
    },

    /**
     * Applies and publishes the steps whose writers stopped half-way (a crash, a lost
     * connection): each unpublished step older than RECOVER_AFTER_MS, under the same stable ids.
     */
    async recover(): Promise<number> {
      const before = new Date(clock.now().getTime() - RECOVER_AFTER_MS);
      const stale = await models.WorkOrderStep.find({ published: false, at: { $lte: before } })
        .sort({ at: 1 })
        .limit(100)
        .lean<WorkOrderStepRecord[]>();
      let published = 0;
      for (const step of stale) {
        const order = await catchUp(step.orderId);
        if (!order) continue;
        await settle(step, order, true);
        published += 1;
      }
      return published;
    },
  };
}

export type WorkOrderCore = ReturnType<typeof createWorkOrderCore>;
