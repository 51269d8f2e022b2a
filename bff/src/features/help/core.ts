import type { HelpActor, HelpStatus } from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { EventStore } from '../../lib/events/store';
import { pause, type Once } from '../../lib/once';
import type { OutboxService } from '../outbox/service';
import type { HelpRequestRecord } from './model';
import { toMessage, toNote, toQueueItem, toResidentStatus, type QueueInfo, type StoredMessage } from './view';

export interface HelpDeps {
  models: Models;
  clock: Clock;
  settings: Config['help'];
  events: EventStore;
  outbox: OutboxService;
  once: Once;
}

/** Who did something: a resident, an agent or supervisor, or the system's own loops. */
export interface Actor {
  kind: HelpActor;
  id: string | null;
  name: string | null;
}
export const SYSTEM: Actor = { kind: 'system', id: null, name: null };

export interface AuditInput {
  action: string;
  from?: string | null;
  to?: string | null;
  detail?: string | null;
}

/** One change: what to set/push, extra guards on the expected state, and the audit lines. */
export interface Change {
  guard?: Record<string, unknown>;
  set?: Record<string, unknown>;
  inc?: Record<string, number>;
  push?: Record<string, unknown>;
  audit?: AuditInput[];
}

export const OPEN: HelpStatus[] = ['waiting', 'assigned', 'in_progress', 'waiting_on_resident'];

/** Shared machinery of the help services: guarded updates, queue position, live events. */
export function createHelpCore(deps: HelpDeps) {
  const { models, clock, settings, events, outbox, once } = deps;

  /**
   * Applies `plan(doc)` as ONE findOneAndUpdate guarded by the document's `rev` and the plan's
   * own guards; when someone else changed the document first, reads it again and replans.
   * `plan` throws an AppError to refuse. Answers null when the document does not exist.
   */
  async function mutate(
    id: string,
    actor: Actor,
    plan: (doc: HelpRequestRecord) => Change,
    scope: Record<string, unknown> = {},
  ): Promise<{ before: HelpRequestRecord; after: HelpRequestRecord } | null> {
    for (let attempt = 0; attempt < 40; attempt++) {
      if (attempt > 0) await pause(Math.min(5 * attempt, 50));
      const before = await models.HelpRequest.findOne({ _id: id, ...scope }).lean<HelpRequestRecord>();
      if (!before) return null;
      const change = plan(before);
      // only the holder of this revision's key may write the next one (see lib/once.ts)
      if (!(await once.take(once.key(`help:${id}:${before.rev}`)))) continue;
      const now = clock.now();
      const audit = (change.audit ?? []).map((a) => ({
        at: now,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        action: a.action,
        from: a.from ?? null,
        to: a.to ?? null,
        detail: a.detail ?? null,
      }));
      const push: Record<string, unknown> = { ...change.push };
      if (audit.length > 0) push.audit = { $each: audit };
      const after = await models.HelpRequest.findOneAndUpdate(
        { _id: id, rev: before.rev, ...change.guard },
        {
          $set: { ...change.set, updatedAt: now },
          $inc: { rev: 1, ...change.inc },
          ...(Object.keys(push).length > 0 ? { $push: push } : {}),
        },
        { returnDocument: 'after' },
      ).lean<HelpRequestRecord>();
      if (after) return { before, after };
    }
    throw new AppError('CONFLICT');
  }

  async function onlineAgents(): Promise<number> {
    return models.Agent.countDocuments({ active: true, role: 'agent', presence: 'online' });
  }

  /** Position in the waiting queue (1 = next) and a rough wait. */
  async function queueInfo(doc: HelpRequestRecord): Promise<QueueInfo> {
    if (doc.status !== 'waiting') return { queuePosition: null, expectedWaitSeconds: null };
    const ahead = await models.HelpRequest.countDocuments({
      status: 'waiting',
      $or: [{ rank: { $lt: doc.rank } }, { rank: doc.rank, createdAt: { $lt: doc.createdAt } }],
    });
    const agents = Math.max(1, await onlineAgents());
    const position = ahead + 1;
    return {
      queuePosition: position,
      expectedWaitSeconds: Math.ceil((position * settings.secondsPerQueuePosition) / agents),
    };
  }

  function webhookData(doc: HelpRequestRecord, previousStatus: HelpStatus | null) {
    return {
      helpId: String(doc._id),
      status: doc.status,
      previousStatus,
      category: doc.category ?? null,
      priority: doc.priority,
      elder: doc.elder,
      district: doc.district ?? null,
      assignedAgent: doc.assignedAgentName ?? null,
      createdAt: doc.createdAt.toISOString(),
    };
  }

  return {
    mutate,
    queueInfo,
    onlineAgents,

    /** A new request, or a change of its status, assignment, category or call-back state. */
    async publishHelp(kind: 'help.created' | 'help.changed', doc: HelpRequestRecord, before?: HelpRequestRecord) {
      const seq = await events.append({
        type: kind,
        helpId: String(doc._id),
        userId: doc.userId,
        staff: { help: toQueueItem(doc) },
        residentType: 'help.status',
        resident: toResidentStatus(doc, await queueInfo(doc)),
      });
      if (kind === 'help.created') await outbox.enqueue(`help-${seq}`, 'help.created', webhookData(doc, null));
      else if (before && before.status !== doc.status) {
        await outbox.enqueue(`help-${seq}`, 'help.status_changed', webhookData(doc, before.status));
      }
    },

    async publishMessage(doc: HelpRequestRecord, message: StoredMessage) {
      const payload = { helpId: String(doc._id), message: toMessage(message) };
      await events.append({
        type: 'help.message',
        helpId: String(doc._id),
        userId: doc.userId,
        staff: payload,
        resident: payload,
      });
    },

    async publishNote(doc: HelpRequestRecord, note: Parameters<typeof toNote>[0]) {
      await events.append({
        type: 'help.note',
        helpId: String(doc._id),
        userId: doc.userId,
        staff: { helpId: String(doc._id), note: toNote(note) },
        resident: null,
      });
    },

    now: () => clock.now(),
  };
}

export type HelpCore = ReturnType<typeof createHelpCore>;
