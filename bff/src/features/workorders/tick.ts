import { unitOpenStatuses, type SlaClock } from '@bianmin/shared';
import { eachOf, isDuplicateKey } from '../../db/query';
import { AppError } from '../../http/errors';
import { atMostEvery } from '../../lib/clock';
import { SYSTEM, type WorkOrderCore, type WorkOrderDeps } from './core';
import type { OrderCreation } from './create';
import type { Incidents } from './incidents';
import type { WorkOrderRecord } from './model';
import { escalationOf } from './present';
import { needsVisit, supervisorAt } from './sla';

/** How often steps a crashed writer left unpublished are looked for. */
const RECOVERY_EVERY_MS = 5_000;
/**
 * How often checked orders nobody rated are looked for: their limit is days long, and the read
 * takes every checked order (the bench's 582 of them: 230 ms, most of a tick).
 */
const UNRATED_EVERY_MS = 60_000;

/** The deadline of a clock and whether it was met. */
function clockState(o: WorkOrderRecord, clock: SlaClock): { due: Date | null; met: boolean } {
  switch (clock) {
    case 'contact':
      return { due: o.contactDueAt ?? null, met: Boolean(o.contactedAt) };
    case 'arrival':
      return { due: needsVisit(o.type) ? (o.arrivalDueAt ?? null) : null, met: Boolean(o.arrivedAt) };
    case 'completion':
      return { due: o.completionDueAt ?? null, met: false };
  }
}

const CLOCKS: readonly SlaClock[] = ['contact', 'arrival', 'completion'];

/**
 * The background work of work orders, run every WORKORDER_TICK_MS by the server and by hand in
 * tests (with a manual clock): a passed time limit alerts the unit's coordinator (level 1), and
 * the supervisors later (level 2); checked orders nobody rated close; orders still waiting for a
 * unit go to one once it exists; incidents no report joined for a while close; steps a crashed
 * writer left half-way are applied and published.
 */
export function createWorkOrderTicker(
  deps: WorkOrderDeps,
  core: WorkOrderCore,
  creation: OrderCreation,
  incidents: Incidents,
) {
  const { models, clock, settings, units } = deps;
  const recoveryDue = atMostEvery(RECOVERY_EVERY_MS);
  const unratedDue = atMostEvery(UNRATED_EVERY_MS);

  async function escalate(o: WorkOrderRecord): Promise<void> {
    if (!o.dispatchedAt) return;
    const now = clock.now().getTime();
    for (const which of CLOCKS) {
      const { due, met } = clockState(o, which);
      if (!due || met) continue;
      const target =
        now >= supervisorAt(due, o.dispatchedAt, settings.supervisorAfterPercent).getTime()
          ? 2
          : now >= due.getTime()
            ? 1
            : 0;
      for (let level = (o.escalation[which] ?? 0) + 1; level <= target; level++) {
        const result = await core.commit(String(o._id), SYSTEM, (current) => {
          if ((current.escalation[which] ?? 0) >= level || current.dispatchN !== o.dispatchN) return null;
          return {
            action: 'escalated',
            set: { escalation: { contact: 0, arrival: 0, completion: 0, ...current.escalation, [which]: level } },
            detail: { clock: which, level: level === 2 ? 2 : 1, dueAt: due.toISOString() },
          };
        });
        if (result?.step) {
          const record = escalationOf(result.step, result.order);
          await models.WorkOrderEscalation.updateOne(
            { _id: record._id },
            { $setOnInsert: record },
            { upsert: true },
          ).catch((err: unknown) => {
            if (!isDuplicateKey(err)) throw err;
          });
        }
      }
    }
  }

  /** Checked orders nobody rated within the days close (居民未评价，自动结单). */
  async function closeUnrated(now: Date): Promise<void> {
    const closeBefore = new Date(now.getTime() - settings.ratingDays * 24 * 3600_000);
    const checked = await models.WorkOrder.find({ status: 'checked', checkedAt: { $lte: closeBefore } }).lean<
      WorkOrderRecord[]
    >();
    for (const o of checked) {
      await core.commit(String(o._id), SYSTEM, (current) =>
        current.status === 'checked'
          ? { action: 'closed', set: { status: 'closed', closedAt: clock.now() }, detail: { auto: true } }
          : null,
      );
    }
  }

  return async function tick(): Promise<void> {
    const now = clock.now();
    if (recoveryDue(now)) {
      await core.recover();
    }
    // only orders with a limit passed and not yet at the supervisors (every alert needs its
    // deadline passed, escalate() tells which level): reading every open order whole each tick
    // held the database for a second or more at tens of thousands of orders
    const passed = {
      dispatchedAt: { $ne: null },
      $or: [
        { contactedAt: null, contactDueAt: { $lte: now }, 'escalation.contact': { $ne: 2 } },
        { arrivedAt: null, arrivalDueAt: { $lte: now }, 'escalation.arrival': { $ne: 2 } },
        { completionDueAt: { $lte: now }, 'escalation.completion': { $ne: 2 } },
      ],
    };
    const open = await eachOf(unitOpenStatuses, (status) =>
      models.WorkOrder.find({ status, ...passed }).lean<WorkOrderRecord[]>(),
    );
    for (const o of open) await escalate(o);

    if (unratedDue(now)) {
      await closeUnrated(now);
    }

    await incidents.closeQuiet();

    for (const o of await models.WorkOrder.find({ status: 'pending_dispatch' }).lean<WorkOrderRecord[]>()) {
      const unit = await units.forPlace(o.utility, { gridId: o.gridId ?? null, district: o.district });
      // moved on meanwhile (dispatched by hand): nothing to do
      if (unit)
        await creation.dispatch(String(o._id), unit, SYSTEM).catch((err: unknown) => {
          if (!(err instanceof AppError)) throw err;
        });
    }
  };
}
