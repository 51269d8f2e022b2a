import type { Models } from '../../db/models';
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
}

/** A stored event as the poller hands it out. */
export type LiveEvent = Pick<
  EventRecord,
  'seq' | 'type' | 'helpId' | 'userId' | 'staff' | 'residentType' | 'resident' | 'at'
>;

const PROJECTION = { _id: 0, seq: 1, type: 1, helpId: 1, userId: 1, staff: 1, residentType: 1, resident: 1, at: 1 };

/** Appends events under a global sequence and reads them back in order. */
export function createEventStore({ models, clock }: { models: Models; clock: Clock }) {
  async function nextSeq(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const counter = await models.Sequence.findOneAndUpdate(
          { _id: 'events' },
          { $inc: { value: 1 } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        return counter.value;
      } catch (err) {
        // two first upserts at once: one inserts, the other retries and increments
        if ((err as { code?: number }).code === 11000 && attempt < 3) continue;
        throw err;
      }
    }
  }

  return {
    async append(event: NewEvent): Promise<number> {
      for (let attempt = 0; ; attempt++) {
        const seq = await nextSeq();
        try {
          await models.Event.create({
            seq,
            type: event.type,
            helpId: event.helpId ?? null,
            userId: event.userId ?? null,
            staff: event.staff,
            residentType:
              event.resident === undefined || event.resident === null ? null : (event.residentType ?? event.type),
            resident: event.resident ?? null,
            key: event.key ?? null,
            at: clock.now(),
          });
          return seq;
        } catch (err) {
          // a backend without an atomic $inc (FerretDB) may hand a number out twice: take another
          if ((err as { code?: number }).code !== 11000 || attempt >= 20) throw err;
        }
      }
    },

    /** Events after `seq`, in order. */
    async readAfter(seq: number, limit = 500, filter: Record<string, unknown> = {}): Promise<LiveEvent[]> {
      return models.Event.find({ ...filter, seq: { $gt: seq } }, PROJECTION)
        .sort({ seq: 1 })
        .limit(limit)
        .lean<LiveEvent[]>();
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
