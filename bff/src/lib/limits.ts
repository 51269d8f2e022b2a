import { createHash } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Models } from '../db/models';
import type { Clock } from './clock';
import { isDuplicateKey } from '../db/query';

/**
 * One counted hit of a limit: the `_id` names the limit, the key, the window and the hit's
 * number in it (`<k>:<window>:<n>`). Hits are counted by inserting their number, because an
 * insert is the one write every backend applies atomically (FerretDB 1.24 does not apply `$inc`
 * or a guarded update atomically under concurrency): of several instances counting the same key
 * at once, each number is taken once, so N instances never give N times the allowance, and a
 * restart forgets nothing.
 */
export const limitHitSchema = new Schema(
  {
    _id: String,
    /** The limit's name and a hash of its key: counted by equality on (k, w). */
    k: { type: String, required: true },
    /** The window's number: `floor(time / windowMs)`. */
    w: { type: Number, required: true },
    /** The limit's name, in the clear, for people reading the collection. */
    name: { type: String, required: true },
    /** A readable label for staff (a username), never a searched ID or phone number. */
    label: { type: String, default: null },
    at: { type: Date, required: true },
    /** When the window ends: hits are swept after it (no TTL index on FerretDB). */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
limitHitSchema.index({ k: 1, w: 1 });
limitHitSchema.index({ expiresAt: 1 });
limitHitSchema.index({ name: 1, label: 1 });

/** A limit: at most `max` hits per fixed window of `windowMs`. */
export interface LimitRule {
  max: number;
  windowMs: number;
}

/** The answer to a hit: allowed or not, the hits counted in this window, and when it ends. */
export interface LimitOutcome {
  ok: boolean;
  count: number;
  resetInMs: number;
}

/** The Retry-After of a refused hit: whole seconds until its window ends, at least one. */
export function retryAfterSeconds(outcome: { resetInMs: number }): number {
  return Math.max(1, Math.ceil(outcome.resetInMs / 1000));
}

/**
 * The key as stored: hashed, so the limit collection never holds a searched ID number, phone or
 * account number in the clear, and keys of any length fit.
 */
function keyOf(name: string, key: string): string {
  return `${name}:${createHash('sha256').update(`${name}\u0000${key}`).digest('base64url').slice(0, 22)}`;
}

/**
 * Limits kept in the database, so they hold across BFF instances and restarts. Each limit is a
 * fixed window per key; refused hits are not stored, so a flood of one key stores at most
 * `max` documents per window.
 */
export function createLimits({ models, clock }: { models: Models; clock: Clock }) {
  const window = (windowMs: number) => {
    const now = clock.now().getTime();
    const w = Math.floor(now / windowMs);
    return { w, now, endsAt: (w + 1) * windowMs };
  };

  async function counted(k: string, w: number): Promise<number> {
    return models.LimitHit.countDocuments({ k, w });
  }

  return {
    /**
     * Counts one hit of `key` under the limit `name` if the window still has room; answers
     * whether it was allowed. `label` is shown to staff (a username), never a secret.
     */
    async take(name: string, key: string, rule: LimitRule, label?: string): Promise<LimitOutcome> {
      const k = keyOf(name, key);
      const { w, now, endsAt } = window(rule.windowMs);
      const resetInMs = endsAt - now;
      let n = await counted(k, w);
      while (n < rule.max) {
        n += 1;
        try {
          await models.LimitHit.create({
            _id: `${k}:${w}:${n}`,
            k,
            w,
            name,
            label: label ?? null,
            at: new Date(now),
            expiresAt: new Date(endsAt),
          });
          return { ok: true, count: n, resetInMs };
        } catch (err) {
          // another taker had this number: count again, since others may have taken more by
          // now (trying n + 1, n + 2 … in turn makes k takers at once cost k² inserts); never
          // step back, so a number left by a cleared window cannot hold the loop
          if (!isDuplicateKey(err)) throw err;
          n = Math.max(n, await counted(k, w));
        }
      }
      return { ok: false, count: n + 1, resetInMs };
    },

    /** The hits of `key` counted in the current window, without counting one. */
    async count(name: string, key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
      const { w, now, endsAt } = window(windowMs);
      return { count: await counted(keyOf(name, key), w), resetInMs: endsAt - now };
    },

    /** When the last hit of `key` in the current window of `windowMs` was counted, or null. */
    async latest(name: string, key: string, windowMs: number): Promise<Date | null> {
      const { w } = window(windowMs);
      const last = await models.LimitHit.findOne({ k: keyOf(name, key), w }, { at: 1 })
        .sort({ at: -1 })
        .lean<{ at: Date } | null>();
      return last?.at ?? null;
    },

    /** Forgets every hit of `key` under `name` (a supervisor clears a lock). */
    async clear(name: string, key: string): Promise<number> {
      const { deletedCount } = await models.LimitHit.deleteMany({ k: keyOf(name, key) });
      return deletedCount;
    },

    /** Labels with hits under `name` in the window of `windowMs` now, with their counts (for staff screens). */
    async labelled(
      name: string,
      windowMs: number,
    ): Promise<Array<{ label: string; count: number; resetInMs: number }>> {
      const { w, now, endsAt } = window(windowMs);
      const rows = await models.LimitHit.find({ name, w }, { label: 1 }).lean<Array<{ label: string | null }>>();
      const counts = new Map<string, number>();
      for (const { label } of rows) if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
      return [...counts].map(([label, count]) => ({ label, count, resetInMs: endsAt - now }));
    },

    /** Deletes the hits of windows that have ended (run by the server's housekeeping). */
    async sweep(): Promise<number> {
      const { deletedCount } = await models.LimitHit.deleteMany({ expiresAt: { $lte: clock.now() } });
      return deletedCount;
    },
  };
}

export type Limits = ReturnType<typeof createLimits>;
