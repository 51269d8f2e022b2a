import type { HelpActor, HelpAuditAction, HelpStatus } from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { freshCopy } from '../../lib/fresh';
import { eachOf } from '../../db/query';
import type { EventStore, NewEvent } from '../../lib/events/store';
import { pause, type Once } from '../../lib/once';
import type { Presence } from '../agents/presence';
import type { NoticeService } from '../notices/service';
import type { OutboxService } from '../outbox/service';
import { reportTimes, type HelpRequestRecord } from './model';
import { repeatOf } from './repeats';
import { markStale, slotsOf } from './rollups';
import { toMessage, toNote, toQueueItem, toResidentStatus, type QueueInfo } from './view';
import type { VoiceStore } from './voices';

export interface HelpDeps {
  models: Models;
  clock: Clock;
  settings: Config['help'];
  events: EventStore;
  outbox: OutboxService;
  once: Once;
  /** Who is really there to take requests (agents/presence.ts). */
  presence: Presence;
  /** Outage notices (notices/service.ts): a request from a district with one is told of it. */
  notices: NoticeService;
  /** The clips of voice messages (help/voices.ts). */
  voices: VoiceStore;
  /** Told of every request just resolved (follow-up sampling); at least once per resolution. */
  onResolved?: (doc: HelpRequestRecord) => Promise<void>;
  /** Told of every agent message published (the resident's 消息); at least once per message. */
  onAgentMessage?: (doc: HelpRequestRecord, text: string, agentName: string | null) => Promise<void>;
}

/** Who did something: a resident, an agent or supervisor, or the system's own loops. */
export interface Actor {
  kind: HelpActor;
  id: string | null;
  name: string | null;
}
export const SYSTEM: Actor = { kind: 'system', id: null, name: null };

export interface AuditInput {
  /** Told in words by the workbench (shared `auditText`): a new action needs its words there. */
  action: HelpAuditAction;
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

/** Statuses of a request an agent holds. */
export const WORKING: HelpStatus[] = ['assigned', 'in_progress', 'waiting_on_resident'];
export const OPEN: HelpStatus[] = ['waiting', ...WORKING];

/** Refuses a change a closed request no longer takes (HELP_CLOSED). */
export function mustBeOpen(doc: Pick<HelpRequestRecord, 'status'>): void {
  if (!OPEN.includes(doc.status)) throw new AppError('HELP_CLOSED');
}

/**
 * What a change still owes the outside world, written with the revision key BEFORE the change
 * (lib/once.ts `claim`): the state it starts from. Publishing compares it with the state after
 * and sends the live events and webhook messages; a holder that crashed in between leaves its
 * intent unsettled, and the tick publishes it (see `recover`). `rev` is the revision changed
 * (-1 for the creation).
 */
export interface Snapshot {
  helpId: string;
  rev: number;
  status: HelpStatus | null;
  /** The fields the queue shows, as one comparable string. */
  sig: string;
  messages: number;
  notes: number;
  /** The change set fields of its own (not only a message or a note). */
  touched: boolean;
  /**
   * The report hours the request counted in before the change (marked out of date after it);
   * days in the snapshots of older versions.
   */
  days?: string[];
}

/** The state a publication runs up to: the next revision's snapshot, or the document now. */
type Boundary = Pick<Snapshot, 'status' | 'sig' | 'messages' | 'notes'>;

/** What a queue line needs of a request: all but the conversation, the notes and the context. */
export const QUEUE_FIELDS = { messages: 0, notes: 0, context: 0 } as const;

const WATCHED = ['status', 'assignedAgentId', 'callback', 'pausedAt', 'firstResponseAt', 'rank', 'category'] as const;

function boundaryOf(doc: HelpRequestRecord): Boundary {
  return {
    status: doc.status,
    sig: JSON.stringify(WATCHED.map((k) => doc[k] ?? null)),
    messages: doc.messages.length,
    notes: doc.notes.length,
  };
}

/** The key that lets its holder write the revision after `rev` (and keeps that change's intent). */
const revisionKey = (helpId: string, rev: number) => `help:${helpId}:${rev}`;

/** A revision key older than this belongs to a holder that crashed before writing. */
const STALE_KEY_MS = 10_000;
/** An intent unsettled this long after its claim is published by the tick. */
export const RECOVER_AFTER_MS = 15_000;

/** How long a copy of the waiting queue's order serves positions (see `queueInfo`). */
const QUEUE_VIEW_MS = 1000;

interface QueueKey {
  _id: unknown;
  rank: number;
  createdAt: Date;
}

/**
 * THE order of the queue, the one agents are served from and residents are told their place in:
 * rank (call-backs, then priority), then age, then id (ids grow with time, so two requests made
 * in the same millisecond still have one order).
 */
export function queueOrder(a: QueueKey, b: QueueKey): number {
  return (
    a.rank - b.rank ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (String(a._id) < String(b._id) ? -1 : String(a._id) > String(b._id) ? 1 : 0)
  );
}

export interface Written {
  before: HelpRequestRecord;
  after: HelpRequestRecord;
  snapshot: Snapshot;
}

/** Shared machinery of the help services: guarded updates, queue position, live events. */
export function createHelpCore(deps: HelpDeps) {
  const { models, clock, settings, events, outbox, once } = deps;

  /**
   * Applies `plan(doc)` as ONE findOneAndUpdate guarded by the document's `rev` and the plan's
   * own guards; when someone else changed the document first, reads it again and replans.
   * `plan` throws an AppError to refuse. Answers null when the document does not exist.
   * The caller then calls `publish` with the answer.
   */
  async function mutate(
    id: string,
    actor: Actor,
    plan: (doc: HelpRequestRecord) => Change,
    scope: Record<string, unknown> = {},
  ): Promise<Written | null> {
    for (let attempt = 0; attempt < 40; attempt++) {
      if (attempt > 0) await pause(Math.min(5 * attempt, 50));
      const before = await models.HelpRequest.findOne({ _id: id, ...scope }).lean<HelpRequestRecord>();
      if (!before) return null;
      const change = plan(before);
      const set = { ...change.set };
      if ('resolvedAt' in set)
        Object.assign(set, reportTimes({ resolvedAt: set.resolvedAt instanceof Date ? set.resolvedAt : null }));
      if ('category' in set && set.category !== before.category) {
        const category = (set.category as string | null) ?? null;
        set.repeatOf = await repeatOf(models, { ...before, accountId: before.context?.accountId, category });
      }
      const snapshot: Snapshot = {
        helpId: id,
        rev: before.rev,
        ...boundaryOf(before),
        touched: Object.keys(set).length + Object.keys(change.inc ?? {}).length > 0,
        days: slotsOf(before),
      };
      // only the holder of this revision's key may write the next one (see lib/once.ts)
      const key = revisionKey(id, before.rev);
      if (!(await once.claim(key, STALE_KEY_MS, snapshot))) continue;
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
          $set: { ...set, updatedAt: now },
          $inc: { rev: 1, ...change.inc },
          ...(Object.keys(push).length > 0 ? { $push: push } : {}),
        },
        { returnDocument: 'after' },
      ).lean<HelpRequestRecord>();
      if (after) {
        const queueMoved = before.status !== after.status || before.rank !== after.rank;
        if (queueMoved && (before.status === 'waiting' || after.status === 'waiting')) queueView.drop();
        return { before, after, snapshot };
      }
      // nothing written under this key: give it back for the next attempt
      await once.give(key);
    }
    throw new AppError('CONFLICT');
  }

  /**
   * Requests in any of `statuses` matching `filter`, queue order (rank, then age): one equality
   * query per status, which the embedded FerretDB hands to its storage (an `$in` it cannot).
   */
  async function byStatus(
    statuses: readonly HelpStatus[],
    filter: Record<string, unknown> = {},
    limit = 500,
    projection?: Record<string, 0>,
  ): Promise<HelpRequestRecord[]> {
    const docs = await eachOf(statuses, (status) =>
      models.HelpRequest.find({ ...filter, status }, projection)
        .sort({ rank: 1, createdAt: 1, _id: 1 })
        .limit(limit)
        .lean<HelpRequestRecord[]>(),
    );
    return docs.sort(queueOrder).slice(0, limit);
  }

  /** Whether the agent holding `doc` (if any) has her workbench open now: only then is she named. */
  async function agentThere(doc: Pick<HelpRequestRecord, 'assignedAgentId'>): Promise<boolean> {
    if (!doc.assignedAgentId) return false;
    const agent = await models.Agent.findById(doc.assignedAgentId, { lastSeenAt: 1 }).lean();
    return agent !== null && deps.presence.connected(agent);
  }

  async function onlineAgents(): Promise<number> {
    return models.Agent.countDocuments(deps.presence.filter());
  }

  /**
   * The waiting queue's order keys, shared by every position asked for within QUEUE_VIEW_MS: on
   * FerretDB a count of the queue reads each waiting request whole, and every tap asks for its
   * place. Requests created here are added to the copy; a change here that takes a request out
   * of the queue or moves it drops the copy. Changes made on other instances show within
   * QUEUE_VIEW_MS.
   */
  const queueView = freshCopy(QUEUE_VIEW_MS, () =>
    models.HelpRequest.find({ status: 'waiting' }, { rank: 1, createdAt: 1 }).lean<QueueKey[]>().exec(),
  );
  /** A request was just created here: it joins the copy of the queue. */
  function joined(doc: HelpRequestRecord): void {
    if (doc.status !== 'waiting') return;
    const key: QueueKey = { _id: doc._id, rank: doc.rank, createdAt: doc.createdAt };
    queueView.update((keys) => (keys.some((k) => String(k._id) === String(doc._id)) ? keys : [...keys, key]));
  }

  /**
   * Position in the waiting queue (1 = next: the number of waiting requests before it in
   * {@link queueOrder}, plus one) and a rough wait from the agents really there; with nobody
   * there, no wait at all rather than a made-up one.
   */
  async function queueInfo(doc: HelpRequestRecord): Promise<QueueInfo> {
    if (doc.status !== 'waiting') return { queuePosition: null, expectedWaitSeconds: null, agentsOnline: null };
    const [keys, online] = await Promise.all([queueView.get(), onlineAgents()]);
    const ahead = keys.filter((k) => String(k._id) !== String(doc._id) && queueOrder(k, doc) < 0).length;
    const position = ahead + 1;
    return {
      queuePosition: position,
      expectedWaitSeconds: online > 0 ? Math.ceil((position * settings.secondsPerQueuePosition) / online) : null,
      agentsOnline: online,
    };
  }

  /** A request's state as both streams get it: the agents' queue line and the resident's status. */
  async function helpEvent(type: string, doc: HelpRequestRecord): Promise<NewEvent> {
    const [queue, there] = await Promise.all([queueInfo(doc), agentThere(doc)]);
    return {
      type,
      helpId: String(doc._id),
      userId: doc.userId,
      staff: { help: toQueueItem(doc) },
      residentType: 'help.status',
      resident: toResidentStatus(doc, queue, there),
    };
  }

  function webhookData(doc: HelpRequestRecord, status: HelpStatus, previousStatus: HelpStatus | null) {
    return {
      helpId: String(doc._id),
      status,
      previousStatus,
      category: doc.category ?? null,
      priority: doc.priority,
      elder: doc.elder,
      district: doc.district ?? null,
      assignedAgent: doc.assignedAgentName ?? null,
      createdAt: doc.createdAt.toISOString(),
    };
  }

  /**
   * Sends what the change from `snapshot` owes: its new messages and notes, the request's new
   * state to the streams, a webhook message when the status moved (stable id per revision),
   * the follow-up sample on resolution; then settles the intent. `recovering` skips events an
   * earlier, interrupted run already wrote; the outbox and the follow-up are idempotent anyway.
   */
  async function publish(snapshot: Snapshot, doc: HelpRequestRecord, next = boundaryOf(doc), recovering = false) {
    const helpId = String(doc._id);
    const rev = snapshot.rev + 1;
    const emit = async (part: string, event: NewEvent) => {
      const key = `help:${helpId}:${rev}:${part}`;
      if (recovering && (await events.has(key))) return;
      await events.append({ ...event, key });
    };
    const owed = async () => {
      if (snapshot.status === null) {
        // the live event and the webhook message are independent: both are written before the answer
        await Promise.all([
          helpEvent('help.created', doc).then((event) => emit('help', event)),
          outbox.enqueue(`help-${helpId}-r${rev}`, 'help.created', webhookData(doc, next.status ?? doc.status, null)),
        ]);
      } else {
        for (const m of doc.messages.slice(snapshot.messages, next.messages)) {
          const payload = { helpId, message: toMessage(m) };
          await emit(`m${String(m._id)}`, {
            type: 'help.message',
            helpId,
            userId: doc.userId,
            staff: payload,
            resident: payload,
          });
          if (m.from === 'agent') await deps.onAgentMessage?.(doc, m.text, m.authorName ?? null);
        }
        for (const n of doc.notes.slice(snapshot.notes, next.notes)) {
          await emit(`n${String(n._id)}`, {
            type: 'help.note',
            helpId,
            userId: doc.userId,
            staff: { helpId, note: toNote(n) },
            resident: null,
          });
        }
        if (snapshot.touched || snapshot.sig !== next.sig) await emit('help', await helpEvent('help.changed', doc));
        if (next.status && next.status !== snapshot.status) {
          const data = webhookData(doc, next.status, snapshot.status);
          await outbox.enqueue(`help-${helpId}-r${rev}`, 'help.status_changed', data);
          if (next.status === 'resolved') await deps.onResolved?.(doc);
        }
      }
    };
    // every write of a request passes here (or through `recover`): its report hours, before and
    // after, are out of date until the rollup job has recomputed them (help/rollups.ts); marked
    // alongside what the change owes, which does not wait for it
    await Promise.all([owed(), markStale(models, clock, [...(snapshot.days ?? []), ...slotsOf(doc)])]);
    await once.settle(revisionKey(helpId, snapshot.rev));
  }

  return {
    mutate,
    byStatus,
    queueInfo,
    onlineAgents,
    agentThere,

    /**
     * Tells both sides a request's current state again, with no change of its own (the agent
     * holding it came or went: whether the resident may be told her name changed).
     */
    async announce(doc: HelpRequestRecord): Promise<void> {
      await events.append(await helpEvent('help.changed', doc));
    },

    /** Publishes a change `mutate` wrote (call it right after). */
    async publish(written: Written): Promise<void> {
      await publish(written.snapshot, written.after);
    },

    /** Claims the creation of request `helpId` before it is inserted: its intent is the creation. */
    async claimCreation(helpId: string): Promise<Snapshot> {
      const snapshot: Snapshot = { helpId, rev: -1, status: null, sig: '', messages: 0, notes: 0, touched: true };
      await once.claim(revisionKey(helpId, -1), STALE_KEY_MS, snapshot);
      return snapshot;
    },
    /** The creation did not happen (the same tap was already saved). */
    async dropCreation(helpId: string): Promise<void> {
      await once.give(revisionKey(helpId, -1));
    },
    /** Publishes a request just created here (and counts it in this instance's queue). */
    publishCreated(snapshot: Snapshot, doc: HelpRequestRecord): Promise<void> {
      joined(doc);
      return publish(snapshot, doc);
    },

    /**
     * Publishes the changes whose writers stopped between writing and publishing (a crash, a
     * lost connection): each unsettled intent older than RECOVER_AFTER_MS whose revision was
     * written is published now, up to the next revision's state; one never written is settled.
     */
    async recover(): Promise<number> {
      let published = 0;
      for (const intent of await once.unsettled(RECOVER_AFTER_MS)) {
        const snapshot = intent.data as Snapshot | undefined;
        if (!snapshot?.helpId || !intent._id.startsWith('help:')) {
          await once.settle(intent._id);
          continue;
        }
        const doc = await models.HelpRequest.findById(snapshot.helpId).lean<HelpRequestRecord>();
        if (!doc || doc.rev <= snapshot.rev) {
          await once.settle(intent._id);
          continue;
        }
        const next = (await once.peek(revisionKey(snapshot.helpId, snapshot.rev + 1)))?.data as Snapshot | undefined;
        await publish(snapshot, doc, next ?? boundaryOf(doc), true);
        published += 1;
      }
      return published;
    },

    now: () => clock.now(),
  };
}

export type HelpCore = ReturnType<typeof createHelpCore>;
