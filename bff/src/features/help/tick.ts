import type { Escalation, HelpStatus, SlaKind } from '@bianmin/shared';
import type { Assigner } from './assign';
import { SYSTEM, type HelpCore, type HelpDeps } from './core';
import type { HelpEscalationRecord, HelpRequestRecord } from './model';
import { escalatedField } from './sla';

export function toEscalation(e: HelpEscalationRecord, doc: HelpRequestRecord | undefined): Escalation {
  return {
    id: String(e._id),
    helpId: e.helpId,
    kind: e.kind,
    dueAt: e.dueAt.toISOString(),
    at: e.at.toISOString(),
    category: doc?.category ?? null,
    priority: doc?.priority ?? 'normal',
    status: doc?.status ?? 'waiting',
    assignedAgent:
      doc?.assignedAgentId && doc.assignedAgentName
        ? { id: doc.assignedAgentId, displayName: doc.assignedAgentName }
        : null,
  };
}

/** How long live events are kept for streams that resume, and how often old ones are swept. */
export const EVENTS_KEEP_MS = 24 * 3600_000;
const HOUSEKEEPING_EVERY_MS = 60_000;
/** How often changes a crashed writer left unpublished are looked for. */
const RECOVERY_EVERY_MS = 5_000;

/**
 * The background work of help, run every HELP_TICK_MS by the server and by hand in tests: grid
 * offers that ran out go to the pool, unanswered elderly requests become call-back tasks, passed
 * SLA deadlines escalate, waiting requests are auto-assigned, old resolved ones close, and
 * changes a crashed writer left unpublished are published (core.recover).
 */
export function createTicker(deps: HelpDeps, core: HelpCore, assigner: Assigner) {
  const { models, clock, settings } = deps;
  let lastHousekeeping = Number.NEGATIVE_INFINITY;
  let lastRecovery = Number.NEGATIVE_INFINITY;

  async function each(
    statuses: readonly HelpStatus[],
    filter: Record<string, unknown>,
    fn: (doc: HelpRequestRecord) => Promise<void>,
  ) {
    for (const doc of await core.byStatus(statuses, filter)) await fn(doc);
  }

  async function change(doc: HelpRequestRecord, plan: Parameters<HelpCore['mutate']>[2]) {
    const result = await core.mutate(String(doc._id), SYSTEM, plan);
    if (result) await core.publish(result);
    return result;
  }

  async function escalate(
    kind: SlaKind,
    filter: Record<string, unknown>,
    dueField: 'firstResponseDueAt' | 'resolutionDueAt',
  ) {
    const now = clock.now();
    const field = escalatedField[kind];
    const open: HelpStatus[] = ['waiting', 'assigned', 'in_progress'];
    await each(open, { ...filter, [field]: null, [dueField]: { $lte: now }, pausedAt: null }, async (doc) => {
      const result = await change(doc, (d) => ({
        guard: { [field]: null, [dueField]: d[dueField], pausedAt: null },
        set: { [field]: now },
        audit: [{ action: 'escalated', detail: kind }],
      }));
      if (!result) return;
      const record = await models.HelpEscalation.findOneAndUpdate(
        { helpId: String(doc._id), kind },
        { $setOnInsert: { helpId: String(doc._id), kind, dueAt: doc[dueField], at: now } },
        { upsert: true, returnDocument: 'after' },
      ).lean<HelpEscalationRecord>();
      await deps.events.append({
        type: 'help.escalated',
        helpId: String(doc._id),
        userId: doc.userId,
        staff: { escalation: toEscalation(record, result.after) },
        resident: null,
      });
    });
  }

  return async function tick(): Promise<void> {
    const now = clock.now();
    if (now.getTime() - lastRecovery >= RECOVERY_EVERY_MS) {
      lastRecovery = now.getTime();
      await core.recover();
    }
    await each(['waiting'], { offeredTo: 'grid', gridUntil: { $lte: now } }, async (doc) => {
      await change(doc, () => ({
        guard: { offeredTo: 'grid' },
        set: { offeredTo: 'pool' },
        audit: [{ action: 'offered_to_pool', from: doc.gridId ?? null }],
      }));
    });
    const callbackBefore = new Date(now.getTime() - settings.elderCallbackSeconds * 1000);
    await each(
      ['waiting', 'assigned'],
      { elder: true, firstResponseAt: null, callback: null, createdAt: { $lte: callbackBefore } },
      async (doc) => {
        await change(doc, (d) => ({
          guard: { callback: null, firstResponseAt: null },
          set: {
            callback: { phone: d.callbackPhone ?? d.residentPhone ?? null, reason: 'timeout', since: now },
            rank: 0,
          },
          audit: [{ action: 'callback_task', detail: `no answer within ${settings.elderCallbackSeconds}s` }],
        }));
      },
    );
    await escalate('first_response', { firstResponseAt: null }, 'firstResponseDueAt');
    await escalate('resolution', {}, 'resolutionDueAt');
    await assigner.autoAssign();
    const closeBefore = new Date(now.getTime() - settings.autoCloseHours * 3600_000);
    // the sweeps scan their collections on FerretDB: once a minute is plenty
    if (now.getTime() - lastHousekeeping >= HOUSEKEEPING_EVERY_MS) {
      lastHousekeeping = now.getTime();
      await deps.once.sweep(3600_000);
      await deps.events.prune(EVENTS_KEEP_MS);
    }
    await each(['resolved'], { resolvedAt: { $lte: closeBefore } }, async (doc) => {
      await change(doc, () => ({
        guard: { status: 'resolved' },
        set: { status: 'closed', closedAt: now },
        audit: [{ action: 'status', from: 'resolved', to: 'closed' }],
      }));
    });
  };
}
