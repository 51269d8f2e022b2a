import { Schema } from 'mongoose';
import type { Models } from '../db/models';
import type { Clock } from './clock';
import { isDuplicateKey } from '../db/query';

/**
 * A claimed key: the `_id` is the key, and the primary key makes an insert the one operation
 * that is atomic on every backend. FerretDB 1.24 (SQLite) applies a conditional update without
 * re-checking its filter, so two concurrent `findOneAndUpdate({_id, rev: 3}, …)` can both win;
 * two inserts of the same `_id` never both succeed.
 */
export const onceSchema = new Schema(
  {
    _id: String,
    at: { type: Date, required: true },
    /** An intent kept with the key (see `claim`): what its holder still owes once it has written. */
    data: { type: Schema.Types.Mixed, default: undefined },
    /** True while the intent is not settled; only claimed keys with an intent carry it. */
    pending: { type: Boolean, default: undefined },
  },
  { versionKey: false, minimize: false },
);
onceSchema.index({ pending: 1, at: 1 });
// the sweep of old keys (`sweep`)
onceSchema.index({ at: 1 });

export interface Intent {
  _id: string;
  at: Date;
  data: unknown;
}

/**
 * Keys claimed by inserting a document. `claim` takes over a key whose holder has held it too
 * long (it crashed before using or giving it back), so a crash blocks others only for a while.
 */
export function createOnce({ models, clock }: { models: Models; clock: Clock }) {
  async function insert(key: string, data?: unknown, pending = true): Promise<boolean> {
    try {
      await models.Once.create(
        data === undefined
          ? { _id: key, at: clock.now() }
          : { _id: key, at: clock.now(), data, ...(pending ? { pending: true } : {}) },
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  return {
    /**
     * True when this caller got `key` (and nobody else will while it exists); `note` is kept with
     * the key for whoever looks (who took it), not as an intent.
     */
    take: (key: string, note?: unknown) => insert(key, note, false),
    /**
     * Takes `key`, keeping `intent` with it until `settle`. A key held for
     * longer than `staleMs` belongs to a holder that crashed before using it, and is taken over.
     */
    async claim(key: string, staleMs: number, intent?: unknown): Promise<boolean> {
      for (let attempt = 0; attempt < 2; attempt++) {
        if (await insert(key, intent)) return true;
        const held = await models.Once.findById(key).lean();
        if (held && clock.now().getTime() - held.at.getTime() < staleMs) return false;
        if (held) await models.Once.deleteOne({ _id: key, at: held.at });
      }
      return false;
    },
    /** The intent kept with `key`, if the key is held. */
    async peek(key: string): Promise<Intent | null> {
      return models.Once.findById(key, { at: 1, data: 1 }).lean<Intent>();
    },
    /** Marks the intent of `key` as done. */
    async settle(key: string): Promise<void> {
      await models.Once.updateOne({ _id: key }, { $set: { pending: false } });
    },
    /** Intents not settled `ms` after they were claimed: their holders stopped half-way. */
    async unsettled(ms: number, limit = 100): Promise<Intent[]> {
      return models.Once.find({ pending: true, at: { $lte: new Date(clock.now().getTime() - ms) } }, { at: 1, data: 1 })
        .sort({ at: 1 })
        .limit(limit)
        .lean<Intent[]>();
    },
    async give(key: string): Promise<void> {
      await models.Once.deleteOne({ _id: key });
    },
    /** Forgets keys older than `ms`. */
    async sweep(ms: number): Promise<void> {
      await models.Once.deleteMany({ at: { $lt: new Date(clock.now().getTime() - ms) } });
    },
  };
}

export type Once = ReturnType<typeof createOnce>;

/** A short pause between retries of a contended key (production code; tests never wait on it long). */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
