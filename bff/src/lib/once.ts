import { Schema } from 'mongoose';
import type { Models } from '../db/models';
import type { Clock } from './clock';

/**
 * A claimed key: the `_id` is the key, and the primary key makes an insert the one operation
 * that is atomic on every backend. FerretDB 1.24 (SQLite) applies a conditional update without
 * re-checking its filter, so two concurrent `findOneAndUpdate({_id, rev: 3}, …)` can both win;
 * two inserts of the same `_id` never both succeed.
 */
export const onceSchema = new Schema({ _id: String, at: { type: Date, required: true } }, { versionKey: false });

/**
 * Keys claimed by inserting a document. `window` folds the clock into the key so a holder that
 * crashed before giving a key back blocks others only until the next window.
 */
export function createOnce({ models, clock }: { models: Models; clock: Clock }) {
  return {
    /** The key for `base` in the current time window of `windowMs`. */
    key(base: string, windowMs = 10_000): string {
      return `${base}@${Math.floor(clock.now().getTime() / windowMs)}`;
    },
    /** True when this caller got `key` (and nobody else will while it exists). */
    async take(key: string): Promise<boolean> {
      try {
        await models.Once.create({ _id: key, at: clock.now() });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
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
