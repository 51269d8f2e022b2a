import type { Models } from '../../db/models';
import { eachOf, isDuplicateKey, refusedAsTaken } from '../../db/query';
import type { Clock } from '../clock';
import type { EventRecord } from './model';

/** What a feature records: the agents' payload and, if the owner may see it, the resident's. */
export interface NewEvent {
  type: string;
  helpId?: string | null;
  userId?: string | null;
  staff: unknown;
  /** The event name on the resident's stream (defaults to `type`). */
  residentType?: string | null;
  resident?: unknown;
  /** A stable name for the event, so a publisher that resumes after a crash can tell it was written. */
  key?: string | null;
  /** Keys of the copies every instance drops (copies.ts). */
  drops?: string[];
}

/** A stored event as the poller hands it out. */
export type LiveEvent = Pick<
  EventRecord,
  'seq' | 'type' | 'helpId' | 'userId' | 'staff' | 'residentType' | 'resident' | 'at'
> & { drops?: string[] | null };

const PROJECTION = {
  _id: 0,
  seq: 1,
  type: 1,
  helpId: 1,
  userId: 1,
  staff: 1,
  residentType: 1,
  resident: 1,
  drops: 1,
  at: 1,
};

/** How many waiting events one write takes at most. */
const BATCH = 100;
/** How many of its own recent events a process keeps in memory for its poller. */
const RECENT = 2000;

interface Waiting {
  event: NewEvent;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Appends events under a global sequence and reads them back in order.
 *
 * Appends wait in a queue of this process and are written in batches: one `$inc` of the counter
 * by the batch's size hands out its numbers, one insert writes them, each event's `_id` its
 * number. FerretDB does not apply `$inc` atomically, so two instances (or a number handed out
 * twice) can collide; the primary key refuses the second, and only the refused events take new
 * numbers. Batching keeps this process from racing itself, which under load of one-tap help
 * used to exhaust the retries.
 */
export function createEventStore({ models, clock }: { models: Models; clock: Clock }) {
  const queue: Waiting[] = [];
  let writing = false;
  /** Events this process wrote lately, by number: its own poller need not read them back. */
  const recent = new Map<number, LiveEvent>();
  const remember = (doc: ReturnType<typeof toDoc>) => {
    const { _id: _number, key: _key, ...event } = doc;
    recent.set(doc.seq, event);
    for (const oldest of recent.keys()) {
      if (recent.size <= RECENT) break;
      recent.delete(oldest);
    }
  };

  async function reserve(count: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const counter = await models.Sequence.findOneAndUpdate(
          { _id: 'events' },
          { $inc: { value: count } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        return counter.value - count + 1;
      } catch (err) {
        // two first upserts at once: one inserts, the other retries and increments
        if (isDuplicateKey(err) && attempt < 3) continue;
        throw err;
      }
    }
  }

  const toDoc = (event: NewEvent, seq: number, at: Date) => ({
    _id: seq,
    seq,
    type: event.type,
    helpId: event.helpId ?? null,
    userId: event.userId ?? null,
    staff: event.staff ?? null,
    residentType: event.resident === undefined || event.resident === null ? null : (event.residentType ?? event.type),
    resident: event.resident ?? null,
    key: event.key ?? null,
    ...(event.drops ? { drops: event.drops } : {}),
    at,
  });

  /** Writes one batch; events whose number was taken meanwhile get new numbers, up to 20 times. */
  async function write(batch: Waiting[]): Promise<void> {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const first = await reserve(pending.length);
      const at = clock.now();
      const docs = pending.map((w, i) => toDoc(w.event, first + i, at));
      let refused = new Set<number>();
      try {
        await models.Event.insertMany(docs, { ordered: false, lean: true });
      } catch (err) {
        const taken = refusedAsTaken(err);
        if (!taken || attempt >= 20) throw err;
        refused = taken;
      }
      pending.forEach((w, i) => {
        const doc = docs[i];
        if (refused.has(i) || !doc) return;
        remember(doc);
        w.resolve(doc.seq);
      });
      pending = pending.filter((_, i) => refused.has(i));
    }
  }

  async function drain(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, BATCH);
        await write(batch).catch((err: unknown) => {
          for (const w of batch) w.reject(err);
        });
      }
    } finally {
      writing = false;
    }
  }

  return {
    /** Writes an event; answers its number once it is stored. */
    append(event: NewEvent): Promise<number> {
      return new Promise<number>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        void drain();
      });
    },

    /**
     * Events after `seq`, in order, up to `limit`. Each event's `_id` is its number, so this reads
     * the counter and then each number up to it by `_id`: point reads, which every backend serves
     * from its primary key (a `seq > n` range would read the whole collection on FerretDB). A
     * number handed out but not (yet) written is simply absent; the poller deals with such gaps.
     * A lost `$inc` can leave the counter behind numbers already written, so the numbers after it
     * are probed too, until one is missing. Events this process wrote come from memory.
     */
    async readAfter(seq: number, limit = 200): Promise<LiveEvent[]> {
      const read = async (n: number) => {
        const mine = recent.get(n);
        return mine ? [mine] : models.Event.find({ _id: n }, PROJECTION).lean<LiveEvent[]>();
      };
      const span = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
      const counter = await models.Sequence.findById('events', { value: 1 }).lean();
      const last = Math.min(Math.max(counter?.value ?? 0, seq), seq + limit);
      const found = await eachOf(span(seq + 1, last), read);
      for (let next = last + 1, width = 1; found.length < limit; next += width, width = Math.min(width * 4, 64)) {
        const probed = await eachOf(span(next, next + width - 1), read);
        found.push(...probed);
        if (probed.length < width) break;
      }
      return found.sort((a, b) => a.seq - b.seq);
    },

    /** Events in `(after, upTo]` matching `filter`, for a stream resuming with Last-Event-ID. */
    async readRange(after: number, upTo: number, filter: Record<string, unknown>): Promise<LiveEvent[]> {
      if (upTo <= after) return [];
      return models.Event.find({ ...filter, seq: { $gt: after, $lte: upTo } }, PROJECTION)
        .sort({ seq: 1 })
        .limit(2000)
        .lean<LiveEvent[]>();
    },

    /**
     * Forgets events older than `ms` (no TTL index on FerretDB). A stream resuming from before
     * that reads the request's state afresh, as the apps do on every reconnect.
     */
    async prune(ms: number): Promise<number> {
      const result = await models.Event.deleteMany({ at: { $lt: new Date(clock.now().getTime() - ms) } });
      return result.deletedCount;
    },

    /** Whether an event with this key was written (and not yet pruned). */
    async has(key: string): Promise<boolean> {
      return Boolean(await models.Event.exists({ key }));
    },

    async latestSeq(): Promise<number> {
      const last = await models.Event.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean();
      return last?.seq ?? 0;
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
